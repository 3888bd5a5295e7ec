package dev.dragoman.common.api;

import jakarta.validation.Valid;

import java.util.List;

/** What nlp-service found in a text. */
public record Annotation(String model, List<@Valid EntityMention> entities, List<@Valid DateMention> dates) {

    public Annotation {
        entities = entities == null ? List.of() : List.copyOf(entities);
        dates = dates == null ? List.of() : List.copyOf(dates);
    }
}
