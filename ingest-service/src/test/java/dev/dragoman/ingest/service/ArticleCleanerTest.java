package dev.dragoman.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cleaner's shortcuts decide as the patterns they stand in front of: the debris check tries a pattern only on
 * paragraphs that contain one of its words, glued sentences are looked for only after a sentence mark and a capital,
 * and words-only text is made in one pass; none may change what the patterns alone would have made.
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
        int[] lines = {0};
        int[] found = {0};
        forEachLineOfRealArticles(line -> {
            String lower = line.strip().toLowerCase(Locale.ROOT);
            if (lower.isEmpty() || lower.length() > ArticleCleaner.DEBRIS_MAX_CHARS) {
                return;
            }
            boolean alone = ArticleCleaner.debris(lower, false);
            assertEquals(alone, ArticleCleaner.debris(lower, true), lower);
            lines[0]++;
            found[0] += alone ? 1 : 0;
        });
        assertTrue(lines[0] > 10_000, "too few lines read: " + lines[0]);
        assertTrue(found[0] > 0, "no debris at all among " + lines[0] + " lines: the comparison proves little");
    }

    /** What {@code wordsOnly} does in one pass, as the pattern it replaced said it. */
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /**
     * Every line of the first 3,000 articles of each news file, and the awkward cases (other scripts, numbers of
     * other kinds, letters outside the first 65,536, a lone surrogate): words-only text as the pattern made it, and
     * every line unglued as the pattern alone unglues it.
     */
    @Test
    void wordsAndGluedSentencesComeOutAsThePatternsMadeThem() throws IOException {
        List<String> awkward = List.of("", "  ", "--", "Added.The details", "said.\u201dThe end", "U.S.A. Today",
                "\u00c9t\u00e9 \u00e0 Z\u00fcrich: 3\u00bd \u2167 \u0661\u0662", "\u0130stanbul \u0049\u0307",
                "\ud835\udc00\ud835\udc01 bold. \ud835\udc00x", "broken \ud800 surrogate", "tab\tand\u00a0space",
                "\u041c\u043e\u0441\u043a\u0432\u0430.\u041f\u0443\u0442\u0438\u043d \u5317\u4eac");
        int[] lines = {0};
        int[] glued = {0};
        java.util.function.Consumer<String> check = line -> {
            assertEquals(NOT_WORD.matcher(line.toLowerCase(Locale.ROOT)).replaceAll(" ").strip(),
                    ArticleCleaner.wordsOnly(line), line);
            String alone = ArticleCleaner.unglue(line, false);
            assertEquals(alone, ArticleCleaner.unglue(line, true), line);
            lines[0]++;
            glued[0] += alone.equals(line) ? 0 : 1;
        };
        awkward.forEach(check);
        forEachLineOfRealArticles(check);
        assertTrue(lines[0] > 10_000, "too few lines read: " + lines[0]);
        assertTrue(glued[0] > 0, "no glued sentence at all among " + lines[0] + " lines: the comparison proves little");
    }

    private static void forEachLineOfRealArticles(java.util.function.Consumer<String> check) throws IOException {
        Path news = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "data", "news");
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(news)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file)) {
                    String record;
                    for (int article = 0; article < 3000 && (record = reader.readLine()) != null; article++) {
                        String body = json.readTree(record).path("body").asText("");
                        for (String line : body.split("\n")) {
                            check.accept(line);
                        }
                    }
                }
            }
        }
    }
}
