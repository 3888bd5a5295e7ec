package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which documents the tagger hands to the caseless model: none of the edited news, every one without capitals. */
class CasingTest {

    private static List<List<String>> words(List<ConllCorpus.Sentence> document) {
        return document.stream().map(ConllCorpus.Sentence::words).toList();
    }

    @Test
    void editedNewsKeepsItsCapitalsAndTextWithoutThemIsCaseless() throws Exception {
        Path conll = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "data/ner/conll2003");
        for (String file : new String[] {"eng.train", "eng.testa"}) {
            List<List<ConllCorpus.Sentence>> documents = ConllCorpus.readDocuments(conll.resolve(file));
            long routed = documents.stream().filter(d -> Casing.caseless(words(d))).count();
            assertEquals(0, routed, file + ": edited documents taken as caseless");
            for (List<ConllCorpus.Sentence> document : documents) {
                List<List<String>> words = words(document);
                long count = words.stream().mapToLong(List::size).sum();
                if (count >= 20) {
                    assertTrue(Casing.caseless(Casing.lowerCased(words)), "lower-cased " + words.get(0));
                    assertTrue(Casing.caseless(words.stream().map(s -> s.stream()
                            .map(w -> w.toUpperCase(Locale.ROOT)).toList()).toList()), "upper-cased " + words.get(0));
                }
            }
        }
    }

    @Test
    void shortOrOrdinaryTextIsTakenAsItIs() {
        assertFalse(Casing.caseless(List.of(List.of("putin", "spoke"))), "too short to judge");
        assertFalse(Casing.caseless(List.of(List.of("Putin", "met", "Erdogan", "in", "Ankara", "on", "Monday", "."))));
        assertTrue(Casing.caseless(List.of(List.of("putin", "met", "erdogan", "in", "ankara", "on", "monday", "."))));
        assertTrue(Casing.caseless(List.of(List.of("PUTIN", "MET", "ERDOGAN", "IN", "ANKARA", "ON", "MONDAY", "."))));
        assertTrue(Casing.caseless(List.of(List.of("i", "think", "taylor", "swift", "is", "in", "london", "now",
                "and", "I", "want", "to", "go", "see", "her", "show", "with", "my", "friends", "tonight", "lol",
                "so", "much", "fun", "right", "now", "ok", "bye", "see", "ya", "later", "mate", "!"))),
                "one capital I in thirty-three words");
    }
}
