package dev.dragoman.common.api;

import java.util.List;

/** What nlp-service found in a text. */
public record Annotation(String model, List<EntityMention> entities, List<DateMention> dates) {

    public Annotation {
        entities = entities == null ? List.of() : List.copyOf(entities);
        dates = dates == null ? List.of() : List.copyOf(dates);
    }
}
