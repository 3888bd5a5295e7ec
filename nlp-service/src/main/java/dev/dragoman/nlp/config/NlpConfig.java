package dev.dragoman.nlp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of nlp-service (prefix dragoman.nlp). */
@ConfigMapping(prefix = "dragoman.nlp")
public interface NlpConfig {

    /** Longest text one annotate call accepts, in characters; longer texts are refused with 413. */
    @WithDefault("500000")
    int maxTextChars();

    /**
     * Longest entity name (and id) the knowledge base learns from articles, in characters: a longer "name" is no
     * name, and would not fit PostgreSQL's index rows. Curated names are limited to 300 by the API.
     */
    @WithDefault("200")
    int maxEntityNameChars();

    /**
     * Which tagger annotates: {@code accurate} (both stages of the bundled model; the default) or {@code fast} (its
     * first stage only: about twice the tagging speed, lower F1; README "The NER model" gives both).
     */
    @WithDefault("accurate")
    Tagger tagger();

    enum Tagger {
        ACCURATE, FAST
    }
}
