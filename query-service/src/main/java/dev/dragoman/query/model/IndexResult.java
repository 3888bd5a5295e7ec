package dev.dragoman.query.model;

/** The answer to an indexing call: result is "created" or "updated" (re-indexing the same id replaces it). */
public record IndexResult(String id, String index, String result) {
}
