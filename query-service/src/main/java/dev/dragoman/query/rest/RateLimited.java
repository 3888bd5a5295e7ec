package dev.dragoman.query.rest;

import dev.dragoman.query.service.RateLimiter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The resource's (or method's) requests count against the caller's limit of this kind (RateLimitFilter). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {
    RateLimiter.Kind value();
}
