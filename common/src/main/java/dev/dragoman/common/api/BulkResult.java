package dev.dragoman.common.api;

import java.util.List;

/** The answer to a bulk indexing call: how many were indexed, and each article that was not, with the reason. */
public record BulkResult(int indexed, List<Failure> failures) {

    public record Failure(String id, String reason) {
    }
}
