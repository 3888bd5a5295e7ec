package dev.dragoman.ingest.service;

import dev.dragoman.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the pipeline works through a backlog: more articles waiting than {@code pipeline.backlog-threshold}, by the
 * shared count {@link PipelineMetrics} reads from PostgreSQL every few seconds (so every replica says the same).
 * Indexing bulks carry it to query-service, which refreshes the index less often meanwhile.
 */
@ApplicationScoped
public class Backlog {

    private final int threshold;
    private volatile long waiting;

    public Backlog(IngestConfig config) {
        this.threshold = config.pipeline().backlogThreshold();
    }

    /** The latest count of articles waiting (RECEIVED or TAGGED). */
    void waiting(long count) {
        waiting = count;
    }

    public boolean heavy() {
        return waiting > threshold;
    }
}
