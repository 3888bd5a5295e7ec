package dev.dragoman.ingest.model;

import java.util.Map;

/** How many articles are in each state. */
public record ArticleCounts(long total, Map<String, Long> byStatus) {
}
