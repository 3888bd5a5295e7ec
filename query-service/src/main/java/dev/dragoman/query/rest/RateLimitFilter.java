package dev.dragoman.query.rest;

import dev.dragoman.common.problem.Problem;
import dev.dragoman.query.service.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Answers 429 with Retry-After (a problem) when the caller has used up its limit for a {@link RateLimited} resource;
 * otherwise lets the request through with RateLimit-Limit and RateLimit-Remaining known to the caller.
 */
public class RateLimitFilter {

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerRequestFilter
    public Optional<Response> limit(ResourceInfo resource, HttpServerRequest request,
                                   ContainerRequestContext context) {
        RateLimited limited = resource.getResourceMethod() == null ? null
                : Optional.ofNullable(resource.getResourceMethod().getAnnotation(RateLimited.class))
                .orElse(resource.getResourceClass().getAnnotation(RateLimited.class));
        if (limited == null) {
            return Optional.empty();
        }
        RateLimiter.Decision decision = limiter.take(limited.value(), client(request, context.getSecurityContext()));
        if (decision.allowed()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        Problem problem = Problem.of(429, "Too many requests", "this client's limit of " + decision.limit()
                        + " " + limited.value().name().toLowerCase(java.util.Locale.ROOT)
                        + " requests is used up; retry after " + seconds + " s")
                .withInstance(request.path());
        return Optional.of(Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(seconds))
                .header("RateLimit-Limit", decision.limit()).header("RateLimit-Remaining", 0).entity(problem).build());
    }

    /** The authenticated subject when there is one, else the client's address (as the proxy settings give it). */
    private static String client(HttpServerRequest request, SecurityContext security) {
        if (security != null && security.getUserPrincipal() != null) {
            return "subject:" + security.getUserPrincipal().getName();
        }
        return "address:" + (request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
    }
}
