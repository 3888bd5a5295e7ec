package dev.dragoman.query.config;

import dev.dragoman.common.net.HostResolver;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The system's resolver for webhook host names; tests put one of their own in its place (no real lookups). */
public class ResolverProducer {

    @Produces
    @DefaultBean
    @Singleton
    HostResolver systemResolver() {
        return HostResolver.SYSTEM;
    }
}
