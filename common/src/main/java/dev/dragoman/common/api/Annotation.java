package dev.dragoman.common.api;

import jakarta.validation.Valid;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What nlp-service found in a text: entities, dates, quotations and events. */
public record Annotation(String model,
                         @Schema(description = "ISO 639-1 code of the text's language, 'und' if undetermined")
                         String language,
                         List<@Valid EntityMention> entities, List<@Valid DateMention> dates,
                         List<@Valid Quote> quotes, List<@Valid Event> events) {

    public Annotation {
        entities = entities == null ? List.of() : List.copyOf(entities);
        dates = dates == null ? List.of() : List.copyOf(dates);
        quotes = quotes == null ? List.of() : List.copyOf(quotes);
        events = events == null ? List.of() : List.copyOf(events);
    }
}
