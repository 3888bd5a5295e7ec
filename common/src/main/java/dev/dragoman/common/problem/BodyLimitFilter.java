package dev.dragoman.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A request whose declared length exceeds quarkus.http.limits.max-body-size is refused here with a problem+json
 * 413, before the HTTP layer would answer a bare 413 with no body.
 */
@ApplicationScoped
public class BodyLimitFilter {

    void register(@Observes Filters filters) {
        long limit = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limit)) {
                RoutingProblems.end(context, 413, "Request too large", "the body has " + length.strip()
                        + " bytes; this service accepts at most " + limit + " bytes per request");
                return;
            }
            context.next();
        }, 1000);
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
