package dev.dragoman.query.model;

import java.time.OffsetDateTime;
import java.util.List;

/** A validated search: full text, entity filters (ids or aliases, all must match), type, date range, source. */
public record SearchQuery(String q, List<String> entities, String type, OffsetDateTime from, OffsetDateTime to,
                          String source, int size, String cursor) {

    /** What identifies the result set (not the page): a cursor is valid only for the same fingerprint. */
    public String fingerprint() {
        return Integer.toHexString(java.util.Objects.hash(q, entities, type, from, to, source));
    }
}
