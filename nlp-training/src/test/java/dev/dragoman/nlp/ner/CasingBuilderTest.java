package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CasingBuilderTest {

    @Test
    void countsOnlyWhereCaseMeansSomething(@TempDir Path dir) throws Exception {
        CasingBuilder builder = new CasingBuilder();
        for (int k = 0; k < 3; k++) {
            builder.add(List.of("Hope", "is", "what", "we", "hope", "for", ",", "said", "Wright", "."));
            builder.add(List.of("He", "said", ":", "\"", "Nice", "work", "\"", "and", "left", "nice", "and", "early", "."));
        }
        // a headline in title case says nothing about case, and is skipped whole
        builder.add(List.of("Wright", "Brothers", "Hope", "To", "Fly", "Again"));
        Path out = dir.resolve("casing.tsv.gz");
        builder.write(out);
        List<String> lines;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(out)), StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        // not counted: the first word of a sentence, a word after a quote mark (opening or closing: a straight quote
        // does not say which); left out: what was seen under 3 times
        assertEquals(List.of("and\t3\t0", "early\t3\t0", "for\t3\t0", "hope\t3\t0", "is\t3\t0", "left\t3\t0",
                "nice\t3\t0", "said\t6\t0", "we\t3\t0", "what\t3\t0", "work\t3\t0", "wright\t0\t3"), lines);
    }

    @Test
    void theCountsOfTheNewsAreReadAsCasingClasses() {
        // nlp-training/src/main/resources/ner/casing.tsv.gz, from ../shared/data/news (nlp-training/ner casing)
        java.util.Map<String, String> casing = NerLexicon.readCasing();
        assertEquals("l", casing.get("nice"), "a common word");
        assertEquals("c", casing.get("wright"), "a surname");
        assertEquals("L", casing.get("cotton"), "mostly the fibre, sometimes a name");
        org.junit.jupiter.api.Assertions.assertTrue(casing.size() > 30_000, "words of the news: " + casing.size());
    }
}
