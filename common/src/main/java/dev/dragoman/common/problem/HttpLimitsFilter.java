package dev.dragoman.common.problem;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * Refuses a request whose target or headers are over {@link HttpLimitsConfig} with a problem+json 414 or 431. The
 * HTTP codec answers requests over its own, higher limits with an empty 414/431 and no hook to change that (Vert.x'
 * invalid-request handler is not reachable through Quarkus), so the services' limits are enforced here, below it.
 */
@ApplicationScoped
public class HttpLimitsFilter {

    void register(@Observes Filters filters, HttpLimitsConfig limits) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            int target = request.uri().length();
            if (target > limits.maxUrlLength()) {
                RoutingProblems.end(context, 414, "URI too long", "the request target has " + target
                        + " characters; this service accepts at most " + limits.maxUrlLength()
                        + " (dragoman.http.max-url-length): send long filters in fewer or shorter parameters");
                return;
            }
            long headerBytes = 0;
            for (Map.Entry<String, String> header : request.headers()) {
                headerBytes += header.getKey().length() + header.getValue().length() + 4;
            }
            if (headerBytes > limits.maxHeaderBytes()) {
                RoutingProblems.end(context, 431, "Request header fields too large", "the request headers have "
                        + headerBytes + " bytes; this service accepts at most " + limits.maxHeaderBytes()
                        + " (dragoman.http.max-header-bytes)");
                return;
            }
            context.next();
        }, 1100);
    }
}
