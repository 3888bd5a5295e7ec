package dev.dragoman.common.net;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The system's resolver for the host names the {@link AddressGuard} checks (webhooks, sources), in every service
 * that injects a {@link HostResolver}; a test puts a bean of its own in its place (no real lookups).
 */
public class SystemResolverProducer {

    @Produces
    @DefaultBean
    @Singleton
    HostResolver systemResolver() {
        return HostResolver.SYSTEM;
    }
}
