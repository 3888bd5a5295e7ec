package dev.dragoman.ingest.model;

import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A stored article as the API shows it: cleaned text, where it stands, and what happened to it so far. */
public record ArticleView(UUID id, ArticleStatus status, String title, String body, String dateline,
                          OffsetDateTime publishedAt, boolean publishedAtEstimated, String source, String url, UUID sourceId, String author, int attempts, int retries, String lastError,
                          Instant nextAttemptAt, Instant createdAt, Instant taggedAt, Instant indexedAt,
                          Integer entityCount, List<Event> history) {

    public record Event(String type, String detail, Instant at) {
    }

    public static ArticleView of(Article a, List<ArticleEvent> events) {
        return new ArticleView(a.id, a.status, a.title, a.body, a.dateline, a.publishedAt, a.publishedAtEstimated,
                a.source, a.url, a.sourceId, a.author, a.attempts, a.retries,
                a.lastError, a.status == ArticleStatus.INDEXED || a.status == ArticleStatus.FAILED ? null : a.nextAttemptAt,
                a.createdAt, a.taggedAt, a.indexedAt, a.annotation == null ? null : a.annotation.entities().size(),
                events.stream().map(e -> new Event(e.type, e.detail, e.at)).toList());
    }
}
