package dev.dragoman.ingest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dragoman.common.problem.Problem;
import dev.dragoman.ingest.repository.ArticleStatus;

import java.util.List;
import java.util.UUID;

/** Per-line answer to an NDJSON batch: every good line is stored even when others are rejected. */
public record BatchResult(int accepted, int duplicates, int rejected, List<Line> items) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(int line, UUID id, ArticleStatus status, Boolean duplicate, Problem error) {
    }
}
