package dev.dragoman.nlp.service;

import dev.dragoman.common.api.Annotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile texts annotate in bounded time and without failure; the fast tagger is selectable and says so (no database:
 * the knowledge base is not involved).
 */
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

    @Test
    void theFastTaggerIsSelectableAndNamedInTheAnnotation() {
        String text = "Russian Foreign Minister Sergei Lavrov met Marco Rubio in Riyadh on Tuesday.";
        LocalDate date = LocalDate.of(2025, 2, 18);
        Annotation fast = new AnnotationService(dev.dragoman.nlp.config.NlpConfig.Tagger.FAST).annotate(text, date);
        Annotation accurate = service.annotate(text, date);
        assertEquals(AnnotationService.MODEL_NAME, accurate.model());
        assertEquals(AnnotationService.MODEL_NAME + "-fast", fast.model());
        for (String name : new String[] {"Sergei Lavrov", "Marco Rubio", "Riyadh"}) {
            assertTrue(fast.entities().stream().anyMatch(e -> e.text().equals(name)), fast.entities().toString());
        }
    }
}
