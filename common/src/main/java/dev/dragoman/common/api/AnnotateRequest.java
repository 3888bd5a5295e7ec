package dev.dragoman.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** What nlp-service annotates: a text, and the date relative expressions ("on Monday") are resolved against. */
public record AnnotateRequest(
        @NotBlank(message = "text must not be empty") String text,
        @Schema(description = "publication date; relative dates resolve against it (today when absent)")
        LocalDate publishedAt,
        @Schema(description = "the article the text belongs to (or one piece of it): the knowledge base keeps what it "
                + "learns from an article once, however often the article is tagged again")
        @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}", message = "articleId must be 1-100 letters, digits or . _ : -")
        String articleId) {

    public AnnotateRequest(String text, LocalDate publishedAt) {
        this(text, publishedAt, null);
    }
}
