package dev.dragoman.ingest.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A source to register. */
public record SourceRequest(
        @Schema(description = "rss, atom, sitemap or page", required = true) String type,
        @Schema(description = "the feed's, sitemap's or page's http(s) URL", required = true) String url,
        @Schema(description = "how often it is fetched: ISO-8601 (PT15M) or 15m, 1h, 90s; at least "
                + "dragoman.ingest.sources.min-interval") String interval,
        @Schema(description = "a name for the source, stored as the articles' source", required = true) String name,
        @Schema(description = "ISO 639-1 language of the source's articles, if known") String language) {
}
