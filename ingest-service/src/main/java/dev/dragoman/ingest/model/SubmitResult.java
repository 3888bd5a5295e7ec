package dev.dragoman.ingest.model;

import dev.dragoman.ingest.repository.ArticleStatus;

import java.util.UUID;

/** The answer to a submission: the article's id and status; duplicate when the same content was already there. */
public record SubmitResult(UUID id, ArticleStatus status, boolean duplicate) {
}
