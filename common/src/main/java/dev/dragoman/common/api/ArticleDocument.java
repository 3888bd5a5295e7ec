package dev.dragoman.common.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;

/** An article as ingest-service hands it to query-service for indexing: cleaned text plus its annotation. */
public record ArticleDocument(
        @NotBlank String id,
        String title,
        @NotBlank String body,
        OffsetDateTime publishedAt,
        String source,
        String url,
        String dateline,
        @NotNull @Valid Annotation annotation) {
}
