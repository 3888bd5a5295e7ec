package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewsNerGoldTest {

    private static final String BODY = "U.S. President Donald Trump met Bank of America in Washington D.C. today.\n"
            + "Trump left.";

    private static NewsNerGold.Span span(String text, String type) {
        int start = BODY.indexOf(text);
        return new NewsNerGold.Span("a", start, start + text.length(), type, text);
    }

    @Test
    void spansBecomeIob2TagsOfTheServicesTokensAndSentences() {
        List<List<ConllCorpus.Sentence>> documents = NewsNerGold.documents(List.of(
                span("U.S.", "LOC"), span("Donald Trump", "PER"), span("Bank of America", "ORG"),
                span("Washington D.C.", "LOC"), new NewsNerGold.Span("a", 74, 79, "PER", "Trump")),
                Map.of("a", BODY));
        assertEquals(1, documents.size());
        List<ConllCorpus.Sentence> sentences = documents.get(0);
        assertEquals(2, sentences.size());
        assertEquals(List.of("B-LOC", "O", "B-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC",
                "O", "O"), sentences.get(0).tags());
        assertEquals(List.of("B-PER", "O", "O"), sentences.get(1).tags());
    }

    @Test
    void anArticleWithoutNamesIsADocumentOfOutsideTags() {
        List<List<ConllCorpus.Sentence>> documents = NewsNerGold.documents(
                List.of(new NewsNerGold.Span("b", 0, 0, "-", "")), Map.of("b", "Nothing named here."));
        assertEquals(List.of("O", "O", "O", "O"), documents.get(0).get(0).tags());
    }

    @Test
    void aRowThatDoesNotFitTheTextIsAnError() {
        Map<String, String> bodies = Map.of("a", BODY);
        // not the text at those offsets
        assertThrows(IllegalStateException.class, () -> NewsNerGold.documents(
                List.of(new NewsNerGold.Span("a", 0, 4, "LOC", "U.K.")), bodies));
        // half a token
        assertThrows(IllegalStateException.class, () -> NewsNerGold.documents(
                List.of(new NewsNerGold.Span("a", 15, 19, "PER", "Dona")), bodies));
        // overlapping spans
        assertThrows(IllegalStateException.class, () -> NewsNerGold.documents(
                List.of(span("Donald Trump", "PER"), new NewsNerGold.Span("a", 22, 27, "PER", "Trump")), bodies));
        // across two sentences
        assertThrows(IllegalStateException.class, () -> NewsNerGold.documents(
                List.of(new NewsNerGold.Span("a", 67, 79, "PER", BODY.substring(67, 79))), bodies));
        // MISC is no annotated type, and an article must exist
        assertThrows(IllegalStateException.class, () -> NewsNerGold.documents(List.of(span("U.S.", "MISC")), bodies));
        assertThrows(IllegalStateException.class, () -> NewsNerGold.documents(
                List.of(new NewsNerGold.Span("z", 0, 0, "-", "")), bodies));
    }

    /** The bundled gold set fits the shared news it annotates, row by row, and is as large as README says. */
    @Test
    void theBundledGoldSetFitsTheSharedNews() throws Exception {
        Path shared = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"));
        List<List<ConllCorpus.Sentence>> documents = NewsNerGold.read(shared);
        List<NewsNerGold.Span> spans = NewsNerGold.spans();
        Map<String, Long> byType = spans.stream().collect(Collectors.groupingBy(NewsNerGold.Span::type,
                Collectors.counting()));
        long names = documents.stream().flatMap(List::stream).flatMap(s -> s.tags().stream())
                .filter(t -> t.startsWith("B-")).count();
        assertEquals(spans.stream().filter(s -> !s.type().equals("-")).count(), names);
        assertTrue(documents.size() >= 70, "articles: " + documents.size());
        assertTrue(names >= 1800, "names: " + names);
        for (String type : Set.of("PER", "LOC", "ORG")) {
            assertTrue(byType.getOrDefault(type, 0L) >= 500, type + ": " + byType);
        }
        // none of the linking gold set's articles, on which the linker's rules were written
        Set<String> articles = spans.stream().map(NewsNerGold.Span::article).collect(Collectors.toSet());
        try (var lines = java.nio.file.Files.lines(Path.of("../nlp-service/src/test/resources/linking/gold.tsv"))) {
            assertTrue(lines.filter(l -> !l.startsWith("#")).map(l -> l.split("\t")[0]).noneMatch(articles::contains));
        }
    }
}
