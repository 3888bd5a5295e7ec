package dev.dragoman.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One page of search results; nextCursor fetches the following page (absent on the last one). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchPage(long total, List<Item> items, String nextCursor, Map<String, List<FacetValue>> facets) {

    public record Item(String id, String title, OffsetDateTime publishedAt, String source, String url, String storyId,
                       String snippet, List<EntityRef> entities) {
    }

    public record EntityRef(String id, String name, String type) {
    }

    /** One facet value: an entity (id, name, type), a source or a date bucket, with its article count. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FacetValue(String value, String name, String type, long count) {
    }
}
