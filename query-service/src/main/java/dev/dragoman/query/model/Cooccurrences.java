package dev.dragoman.query.model;

import java.util.List;

/**
 * Entities that appear with one entity more than chance would have it: {@code score} is Elasticsearch's
 * significant_terms score (JLH), {@code together} the articles that mention both, {@code overall} the articles that
 * mention the other entity at all.
 */
public record Cooccurrences(String entityId, long articleCount, List<Item> items) {

    public record Item(String id, String name, String type, long together, long overall, double score) {
    }
}
