package dev.dragoman.ingest.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An article submitted as JSON (one object, or one line of an NDJSON batch). Either body or html is required. */
public record ArticleJson(
        String title,
        @Schema(description = "plain-text body") String body,
        @Schema(description = "HTML page or fragment; its text is extracted") String html,
        @Schema(description = "ISO date-time (2025-02-26T10:00:00Z) or date (2025-02-26)") String publishedAt,
        String source,
        String url) {
}
