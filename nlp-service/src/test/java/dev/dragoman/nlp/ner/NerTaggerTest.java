package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerTaggerTest {

    @Test
    void bilouRoundTrip() {
        List<String> iob2 = List.of("B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "B-ORG");
        List<String> bilou = NerTagger.toBilou(iob2);
        assertEquals(List.of("B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-LOC", "L-LOC", "U-ORG"), bilou);
        assertEquals(iob2, NerTagger.toIob2(List.of(bilou)).get(0));
    }

    @Test
    void viterbiFindsTheBestValidSequence() {
        String[] labels = {"B-PER", "I-PER", "O"};
        // token scores alone would give I-PER first (invalid) and O second; the transition O -> I-PER is forbidden
        float[][] emit = {{1f, 5f, 0f}, {0f, 2f, 2.5f}};
        float[][][] trans = new float[2][4][3];
        trans[1][0] = new float[] {0f, 1f, 0f}; // B-PER -> I-PER rewarded
        assertEquals(List.of(0, 1), java.util.Arrays.stream(NerTagger.viterbi(emit, trans, 3, labels)).boxed().toList());
        trans[1][0] = new float[3];
        assertEquals(List.of(0, 2), java.util.Arrays.stream(NerTagger.viterbi(emit, trans, 3, labels)).boxed().toList());
        assertEquals(0, NerTagger.viterbi(new float[0][3], new float[0][4][3], 3, labels).length);
    }

    @Test
    void modelBytesSurviveARoundTrip() throws Exception {
        NerModel model = NerModels.bundled();
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        model.write(first);
        java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();
        NerModel.read(new java.io.ByteArrayInputStream(first.toByteArray())).write(second);
        assertTrue(java.util.Arrays.equals(first.toByteArray(), second.toByteArray()));
        assertTrue(model.next() != null, "two stages");
        assertTrue(!model.entities().isEmpty(), "entities learnt from eng.train");
    }

    @Test
    void documentTaggingUsesTheOtherSentences() {
        NerTagger tagger = new NerTagger(NerModels.bundled());
        List<List<String>> document = List.of(
                List.of("Sergey", "Lavrov", "met", "Marco", "Rubio", "in", "Riyadh", "."),
                List.of("Lavrov", "said", "the", "talks", "went", "well", "."));
        List<List<String>> tags = tagger.tagDocument(document);
        assertEquals(2, tags.size());
        assertEquals("B-PER", tags.get(1).get(0), tags::toString);
        assertEquals(tags.get(0), tagger.tagDocument(document).get(0), "deterministic");
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
}
