package dev.dragoman.ingest.model;

/**
 * What a reannotation request did.
 *
 * @param articles articles sent through tagging and indexing again
 * @param inFlight articles that mention the entity but a pipeline worker holds right now (left alone)
 */
public record Reannotation(String entity, long articles, long inFlight) {
}
