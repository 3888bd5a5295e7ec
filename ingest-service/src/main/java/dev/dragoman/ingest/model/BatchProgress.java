package dev.dragoman.ingest.model;

import dev.dragoman.ingest.repository.ArticleStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Where the articles of one NDJSON batch stand: the batch's own answer (lines, accepted, duplicates, rejected; a
 * duplicate belongs to the batch that first brought it), its accepted articles by state, the rate at which they were
 * indexed since the batch began, and when the rest should be indexed at that rate.
 */
public record BatchProgress(UUID id, Instant createdAt, Instant finishedAt, int lines, int accepted, int duplicates,
                            int rejected, long received, long tagged, long indexed, long failed,
                            Double articlesPerSecond, Instant eta, boolean done) {

    public static BatchProgress of(UUID id, Instant created, Instant finished, int lines, int accepted, int duplicates,
                                   int rejected, Map<ArticleStatus, Long> byStatus, Instant lastIndexed, Instant now) {
        long received = byStatus.getOrDefault(ArticleStatus.RECEIVED, 0L);
        long tagged = byStatus.getOrDefault(ArticleStatus.TAGGED, 0L);
        long indexed = byStatus.getOrDefault(ArticleStatus.INDEXED, 0L);
        long failed = byStatus.getOrDefault(ArticleStatus.FAILED, 0L);
        long waiting = received + tagged;
        Instant until = waiting == 0 && lastIndexed != null ? lastIndexed : now;
        double seconds = Math.max(0.001, Duration.between(created, until).toMillis() / 1000.0);
        Double rate = indexed == 0 ? null : Math.round(indexed / seconds * 10) / 10.0;
        Instant eta = waiting == 0 ? until : rate == null ? null : now.plusMillis((long) (waiting / rate * 1000));
        return new BatchProgress(id, created, finished, lines, accepted, duplicates, rejected, received, tagged,
                indexed, failed, rate, eta, finished != null && waiting == 0);
    }
}
