package dev.dragoman.nlp.service;

import dev.dragoman.common.api.Annotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile texts annotate in bounded time and without failure (no database: the knowledge base is not involved). */
class AnnotationServiceTest {

    private final AnnotationService service = new AnnotationService();

    @Test
    @Timeout(30)
    void oneLongWord() {
        Annotation annotation = service.annotate("W" + "w".repeat(399_999), LocalDate.of(2025, 2, 26));
        assertTrue(annotation.entities().stream().allMatch(e -> e.text().length() <= 400_000));
    }

    @Test
    @Timeout(30)
    void aLongWordAmongWords() {
        Annotation annotation = service.annotate("Sergei Lavrov met " + "Ab".repeat(200_000)
                + " in Ankara on Monday.", LocalDate.of(2025, 2, 26));
        assertTrue(annotation.entities().stream().anyMatch(e -> e.text().equals("Sergei Lavrov")),
                annotation.entities().toString());
    }
}
