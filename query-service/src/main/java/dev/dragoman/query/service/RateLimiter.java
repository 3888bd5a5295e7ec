package dev.dragoman.query.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dragoman.query.config.QueryConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Per-client token buckets for the expensive reads (Bucket4j: a well-kept implementation of the token bucket, so the
 * refill and wait arithmetic is not ours), one bucket per client and kind, held in a bounded Caffeine cache.
 */
@ApplicationScoped
public class RateLimiter {

    /** What a limit guards. */
    public enum Kind { SEARCH, EXPORT }

    /** The answer for one request: allowed, or how long to wait. */
    public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter) {
    }

    private final boolean enabled;
    private final Bandwidth search;
    private final Bandwidth export;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(QueryConfig config) {
        QueryConfig.RateLimits limits = config.rateLimits();
        this.enabled = limits.enabled();
        this.search = bandwidth(limits.search().requests(), limits.search().period());
        this.export = bandwidth(limits.export().requests(), limits.export().period());
        this.buckets = Caffeine.newBuilder().maximumSize(limits.maxClients())
                .expireAfterAccess(max(limits.search().period(), limits.export().period()).multipliedBy(2)).build();
    }

    private static Bandwidth bandwidth(long requests, Duration period) {
        return Bandwidth.builder().capacity(requests).refillGreedy(requests, period).build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Takes one request of this kind from the client's bucket. */
    public Decision take(Kind kind, String client) {
        Bandwidth bandwidth = kind == Kind.SEARCH ? search : export;
        if (!enabled) {
            return new Decision(true, bandwidth.getCapacity(), bandwidth.getCapacity(), Duration.ZERO);
        }
        Bucket bucket = buckets.get(kind + " " + client, k -> Bucket.builder().addLimit(bandwidth).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), bandwidth.getCapacity(), probe.getRemainingTokens(),
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
