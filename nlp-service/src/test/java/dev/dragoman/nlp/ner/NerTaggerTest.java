package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerTaggerTest {

    @Test
    void iob1BecomesIob2() {
        assertEquals(List.of("B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"),
                ConllCorpus.toIob2(List.of("I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC")));
    }

    @Test
    void tokenizerKeepsOffsetsAndAbbreviations() {
        String text = "U.S. and Russian officials met Lavrov's team in Istanbul.";
        List<Token> tokens = Tokenizer.tokenize(text);
        assertEquals("U.S.", tokens.get(0).text());
        assertTrue(tokens.stream().anyMatch(t -> t.text().equals("Lavrov")));
        assertTrue(tokens.stream().anyMatch(t -> t.text().equals("'s")));
        tokens.forEach(t -> assertEquals(t.text(), text.substring(t.start(), t.end())));
    }

    @Test
    void bundledModelTagsNewsText() {
        NerTagger tagger = new NerTagger(NerModels.bundled());
        List<String> words = List.of("Russian", "Foreign", "Minister", "Sergey", "Lavrov", "arrived", "in", "Doha", ".");
        List<NerTagger.Span> spans = NerTagger.spans(tagger.tag(words));
        assertTrue(spans.contains(new NerTagger.Span(3, 4, dev.dragoman.common.api.EntityType.PERSON)), spans::toString);
        assertTrue(spans.contains(new NerTagger.Span(7, 7, dev.dragoman.common.api.EntityType.LOCATION)), spans::toString);
    }

    /** The bundled model on the CoNLL-2003 development set: a floor that catches a broken model or tokeniser. */
    @Test
    void bundledModelScoresOnTheDevelopmentSet() throws Exception {
        Path testa = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "data/ner/conll2003/eng.testa");
        assertTrue(Files.exists(testa), "CoNLL-2003 development set not found at " + testa);
        NerEvaluation evaluation = NerEvaluation.evaluate(new NerTagger(NerModels.bundled()), ConllCorpus.readDocuments(testa),
                System.out);
        assertTrue(evaluation.overallF1() >= 85.0, "overall F1 " + evaluation.overallF1());
    }
}
