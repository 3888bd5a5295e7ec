package dev.dragoman.nlp.model;

import java.time.Instant;

/** One curation action on the knowledge base: when, who (the token's subject), what, on which entity. */
public record CurationEvent(Instant at, String actor, String action, String entityId, String detail) {
}
