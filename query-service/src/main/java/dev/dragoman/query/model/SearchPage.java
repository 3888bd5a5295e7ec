package dev.dragoman.query.model;

import java.time.OffsetDateTime;
import java.util.List;

/** One page of search results; nextCursor fetches the following page (absent on the last one). */
public record SearchPage(long total, List<Item> items, String nextCursor) {

    public record Item(String id, String title, OffsetDateTime publishedAt, String source, String url, String snippet,
                       List<EntityRef> entities) {
    }

    public record EntityRef(String id, String name, String type) {
    }
}
