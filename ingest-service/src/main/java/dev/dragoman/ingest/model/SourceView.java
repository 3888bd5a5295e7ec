package dev.dragoman.ingest.model;

import dev.dragoman.ingest.repository.Source;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered source and its health. */
public record SourceView(UUID id, String type, String url, String name, String language, String interval,
                         boolean paused, Instant createdAt, Instant lastFetchAt, Instant lastSuccessAt,
                         Instant nextFetchAt, Integer lastStatus, String lastError, int consecutiveFailures,
                         long fetches, long itemsSeen, long articlesAccepted, Double averageDelaySeconds) {

    public static SourceView of(Source s, Double averageDelaySeconds) {
        return new SourceView(s.id, s.type.name().toLowerCase(java.util.Locale.ROOT), s.url, s.name, s.language,
                java.time.Duration.ofSeconds(s.intervalSeconds).toString(), s.paused, s.createdAt, s.lastFetchAt,
                s.lastSuccessAt, s.paused ? null : s.nextFetchAt, s.lastStatus, s.lastError, s.consecutiveFailures,
                s.fetches, s.itemsSeen, s.articlesAccepted, averageDelaySeconds);
    }

    /** The registered sources, oldest first. */
    public record Page(List<SourceView> items) {
    }
}
