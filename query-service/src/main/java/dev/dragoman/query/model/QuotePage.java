package dev.dragoman.query.model;

import java.time.OffsetDateTime;
import java.util.List;

/** Quotations, newest article first, each with its article; nextCursor continues (absent on the last page). */
public record QuotePage(long articles, List<Item> items, String nextCursor) {

    public record Item(String articleId, String title, OffsetDateTime publishedAt, String speakerId, String speakerName,
                       String text) {
    }
}
