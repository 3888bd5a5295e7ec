package dev.dragoman.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The debris check tries a pattern only on paragraphs that contain one of its words: that gate must never hide a
 * match the pattern alone would have found.
 */
class ArticleCleanerTest {

    /** One paragraph per kind of debris, as pages print them (lower-cased as the check sees them). */
    private static final List<String> DEBRIS = List.of(
            "* indicates required",
            "please enter your email address",
            "enter a valid e-mail",
            "subscribe to our daily newsletter for the latest updates",
            "sign up for our newsletter",
            "thank you for signing up!",
            "you have successfully subscribed",
            "check your inbox for a confirmation email",
            "help us reach 100,000 members",
            "support independent journalism today",
            "this is not a paywall.",
            "this article was generated with ai assistance",
            "photo: john smith",
            "protesters in the square (photo by jane doe)",
            "the minister speaks in kyiv (reuters/valentyn ogirenko)",
            "10:45 gmt the minister arrived",
            "share this article",
            "© 2024 example media",
            "click here to read more",
            "advertisement");

    @Test
    void everyKindOfDebrisIsFoundThroughTheGate() {
        for (String paragraph : DEBRIS) {
            assertTrue(ArticleCleaner.debris(paragraph, false), "the example is no debris: " + paragraph);
            assertTrue(ArticleCleaner.debris(paragraph, true), "the gate hides: " + paragraph);
        }
    }

    /** Every short line of the first 3,000 articles of each news file: the gate decides as the patterns alone do. */
    @Test
    void theGateDecidesAsThePatternsOnRealArticles() throws IOException {
        Path news = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "data", "news");
        ObjectMapper json = new ObjectMapper();
        int lines = 0;
        int found = 0;
        try (var files = Files.list(news)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file)) {
                    String record;
                    for (int article = 0; article < 3000 && (record = reader.readLine()) != null; article++) {
                        String body = json.readTree(record).path("body").asText("");
                        for (String line : body.split("\n")) {
                            String lower = line.strip().toLowerCase(Locale.ROOT);
                            if (lower.isEmpty() || lower.length() > ArticleCleaner.DEBRIS_MAX_CHARS) {
                                continue;
                            }
                            boolean alone = ArticleCleaner.debris(lower, false);
                            assertEquals(alone, ArticleCleaner.debris(lower, true), lower);
                            lines++;
                            found += alone ? 1 : 0;
                        }
                    }
                }
            }
        }
        assertTrue(lines > 10_000, "too few lines read: " + lines);
        assertTrue(found > 0, "no debris at all among " + lines + " lines: the comparison proves little");
    }
}
