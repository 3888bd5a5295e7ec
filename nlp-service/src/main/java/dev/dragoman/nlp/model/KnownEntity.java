package dev.dragoman.nlp.model;

import dev.dragoman.common.api.EntityType;

import java.time.LocalDate;
import java.util.List;

/**
 * An entity as the knowledge base knows it: its names with where each came from, and how often articles mention it.
 *
 * @param mergedInto the entity this one was merged into (its mentions are linked there), or null
 * @param mergedFrom entities merged into this one
 * @param externalIds identifiers of the entity in reference data (Wikidata, GeoNames, SEC), or null when the
 *                    reference knowledge base does not know it
 */
public record KnownEntity(String id, EntityType type, String name, String mergedInto, List<String> mergedFrom,
                          boolean curated, long mentions, long articles, LocalDate firstSeen, LocalDate lastSeen,
                          List<Alias> aliases, ExternalIds externalIds) {

    /**
     * @param wikidata  Wikidata item (Q…)
     * @param geonames  GeoNames id of a place
     * @param secCik    SEC Central Index Key of a US-listed company
     */
    public record ExternalIds(String wikidata, String geonames, String secCik) {
    }

    /**
     * @param origin       LEARNED (seen in articles), CURATED (said by a person) or BLOCKED (not this entity)
     * @param observations articles that linked this name to the entity
     */
    public record Alias(String alias, String key, String entityId, String origin, long observations) {
    }
}
