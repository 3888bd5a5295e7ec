package dev.dragoman.query.model;

import java.util.List;

/** Entities known from indexed articles, most mentioned first. */
public record EntityList(List<Item> items) {

    public record Item(String id, String name, String type, List<String> aliases, long articleCount) {
    }
}
