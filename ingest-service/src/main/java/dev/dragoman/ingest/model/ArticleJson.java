package dev.dragoman.ingest.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An article submitted as JSON (one object, or one line of an NDJSON batch). Either body or html is required. */
// Read with ObjectMapper.readValue for NDJSON lines, not only through a REST signature: native needs it registered.
@RegisterForReflection
public record ArticleJson(
        String title,
        @Schema(description = "plain-text body") String body,
        @Schema(description = "HTML page or fragment; its text is extracted") String html,
        @Schema(description = "ISO date-time (2025-02-26T10:00:00Z) or date (2025-02-26)") String publishedAt,
        String source,
        String url) {
}
