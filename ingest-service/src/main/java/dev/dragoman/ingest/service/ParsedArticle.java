package dev.dragoman.ingest.service;

import java.time.OffsetDateTime;

/** A submission after parsing and cleaning, ready to be stored. */
public record ParsedArticle(String title, String body, String dateline, OffsetDateTime publishedAt,
                            boolean publishedAtEstimated, String source, String url, String contentHash) {

    /** The same article under another URL (a fetched page's canonical URL). */
    public ParsedArticle withUrl(String newUrl) {
        return new ParsedArticle(title, body, dateline, publishedAt, publishedAtEstimated, source, newUrl, contentHash);
    }
}
