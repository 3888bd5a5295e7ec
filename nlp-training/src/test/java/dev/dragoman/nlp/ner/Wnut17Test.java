package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Wnut17Test {

    @Test
    void typesAreMappedToTheTaggersAndEachPostIsADocument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wnut.conll");
        Files.writeString(file, "Gardena\tB-location\nBlvd\tI-location\n\nApple\tB-corporation\niPhone\tB-product\n"
                + "Lakers\tB-group\nTaylor\tB-person\nSwift\tI-person\nTenet\tB-creative-work\n");
        List<List<ConllCorpus.Sentence>> documents = Wnut17.read(file);
        assertEquals(2, documents.size());
        assertEquals(List.of("B-LOC", "I-LOC"), documents.get(0).get(0).tags());
        assertEquals(List.of("B-ORG", "O", "B-ORG", "B-PER", "I-PER", "O"), documents.get(1).get(0).tags());
    }

    @Test
    void predictionsOfOtherTypesAreLeftOut() {
        assertEquals(List.of("B-PER", "O", "O", "B-LOC"),
                NerEvaluation.keeping(Wnut17.TYPES).apply(List.of("B-PER", "B-MISC", "I-MISC", "B-LOC")));
    }

    /** The shared WNUT-17 test set reads whole: every gold entity of the three shared types survives the mapping. */
    @Test
    void theSharedTestSetReads() throws Exception {
        Path test = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"),
                "data/ner/wnut17/emerging.test.annotated");
        List<List<ConllCorpus.Sentence>> documents = Wnut17.read(test);
        assertTrue(documents.size() > 1000, "posts: " + documents.size());
        long entities = documents.stream().flatMap(List::stream).flatMap(s -> s.tags().stream())
                .filter(t -> t.startsWith("B-")).count();
        Set<String> types = new java.util.TreeSet<>();
        documents.stream().flatMap(List::stream).flatMap(s -> s.tags().stream()).filter(t -> t.length() > 2)
                .forEach(t -> types.add(t.substring(2)));
        assertEquals(Wnut17.TYPES, types);
        assertTrue(entities > 500, "entities: " + entities);
    }
}
