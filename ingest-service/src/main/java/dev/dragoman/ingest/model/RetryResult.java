package dev.dragoman.ingest.model;

/** How many FAILED articles a bulk retry put back into the pipeline. */
public record RetryResult(int requeued) {
}
