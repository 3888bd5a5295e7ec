package dev.dragoman.query.model;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** Meetings, talks, visits and calls, newest article first, each with the sentence's article. */
public record EventPage(long articles, List<Item> items, String nextCursor) {

    public record Item(String articleId, String title, OffsetDateTime publishedAt, String type, String trigger,
                       List<String> participants, String placeId, LocalDate date, String sentence) {
    }
}
