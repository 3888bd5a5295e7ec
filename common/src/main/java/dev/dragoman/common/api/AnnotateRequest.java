package dev.dragoman.common.api;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** What nlp-service annotates: a text, and the date relative expressions ("on Monday") are resolved against. */
public record AnnotateRequest(
        @NotBlank(message = "text must not be empty") String text,
        @Schema(description = "publication date; relative dates resolve against it (today when absent)")
        LocalDate publishedAt) {
}
