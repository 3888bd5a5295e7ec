package dev.dragoman.query.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Which articles a search, timeline or export covers: full text, entities (ids or aliases; all must match, or any
 * with {@code entityMatch=any}), entity type, publication date range, mentioned-date range, source, language.
 */
public record ArticleFilter(String q, List<String> entities, boolean anyEntity, String type, OffsetDateTime from,
                            OffsetDateTime to, LocalDate mentionedFrom, LocalDate mentionedTo, List<String> sources,
                            List<String> languages, Instant indexedAfter, Instant indexedUpTo) {

    public ArticleFilter {
        entities = entities == null ? List.of() : List.copyOf(entities);
        sources = sources == null ? List.of() : List.copyOf(sources);
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    public static ArticleFilter all() {
        return new ArticleFilter(null, List.of(), false, null, null, null, null, null, List.of(), List.of(), null, null);
    }

    public ArticleFilter withEntity(String entity) {
        return new ArticleFilter(q, List.of(entity), false, type, from, to, mentionedFrom, mentionedTo, sources,
                languages, indexedAfter, indexedUpTo);
    }

    /** The same articles, restricted to those indexed in (after, upTo]: what is new for a saved search. */
    public ArticleFilter indexedBetween(Instant after, Instant upTo) {
        return new ArticleFilter(q, entities, anyEntity, type, from, to, mentionedFrom, mentionedTo, sources, languages,
                after, upTo);
    }

    public boolean fullText() {
        return q != null && !q.isBlank();
    }

    /** Identifies the result set: a cursor is valid only for the same fingerprint (and sort). */
    public String fingerprint(String sort) {
        return Integer.toHexString(Objects.hash(q, entities, anyEntity, type, from, to, mentionedFrom, mentionedTo,
                sources, languages, indexedAfter, indexedUpTo, sort));
    }
}
