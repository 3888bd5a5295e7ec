package dev.dragoman.ingest.repository;

/** Where an article stands: RECEIVED (stored) -> TAGGED (annotated by nlp-service) -> INDEXED (searchable). */
public enum ArticleStatus {
    RECEIVED, TAGGED, INDEXED,
    /** Refused permanently by a downstream service after the configured attempts; can be retried by hand. */
    FAILED
}
