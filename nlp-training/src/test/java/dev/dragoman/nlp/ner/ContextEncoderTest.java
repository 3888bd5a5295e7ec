package dev.dragoman.nlp.ner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

/** The encoder of the {@code -Dner.context} experiment: its word pieces, its vectors, its cut after a layer. */
class ContextEncoderTest {

    private static ContextEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = new ContextEncoder(1, 6);
    }

    @AfterAll
    static void close() throws Exception {
        encoder.close();
    }

    @Test
    void wordPiecesAreCutAsTheModelsUncasedTokenizerCutsThem() {
        // ids of the model's vocabulary (BERT, uncased): greedy longest match, "##" continuations
        assertEquals(List.of(8011, 20778), encoder.pieces("Dragoman")); // drag ##oman
        assertEquals(List.of(14477, 20961, 3468), encoder.pieces("unaffable")); // una ##ffa ##ble: longest first
        assertEquals(List.of(27838, 7770, 5874), encoder.pieces("Zelensky")); // ze ##len ##sky
        assertEquals(List.of(25669), encoder.pieces("KYIV")); // lower-cased
        assertEquals(List.of(7668), encoder.pieces("Café")); // accents stripped
        assertEquals(List.of(1057, 1012, 1055, 1012), encoder.pieces("U.S.")); // punctuation split off
        assertEquals(encoder.pieces("\u5317").size() + encoder.pieces("\u4eac").size(),
                encoder.pieces("\u5317\u4eac").size()); // each ideograph a word of its own
    }

    @Test
    void everyTokenGetsOneUnitVectorThatIgnoresCaseAndNearlyTheRestOfTheBatch() throws Exception {
        List<String> sentence = List.of("Zelensky", "met", "Erdogan", "in", "Istanbul", ".");
        List<String> lower = sentence.stream().map(String::toLowerCase).toList();
        List<String> other = List.of("A", "much", "longer", "sentence", "pads", "the", "batch", "with", "more", "words");
        List<float[][]> out = encoder.encode(List.of(sentence, other, lower), 8);
        float[][] alone = encoder.encode(List.of(sentence), 1).get(0);
        assertEquals(sentence.size(), out.get(0).length);
        for (int t = 0; t < sentence.size(); t++) {
            assertEquals(ContextEncoder.DIM, out.get(0)[t].length);
            double norm = 0;
            for (float x : out.get(0)[t]) {
                norm += x * x;
            }
            assertEquals(1.0, norm, 1e-4);
            assertArrayEquals(out.get(0)[t], out.get(2)[t], 1e-4f, "uncased: same vector lower-cased");
            // the int8 model quantises activations with one scale per batch: the other sentences move a vector a little
            assertTrue(cosine(alone[t], out.get(0)[t]) > 0.97, "batch-mates move a vector a little only");
        }
    }

    @Test
    void theGraphCutAfterALayerRunsThatLayerOnly() throws Exception {
        byte[] model;
        try (InputStream in = ContextEncoder.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
            model = in.readAllBytes();
        }
        byte[] cut = EncoderGraph.truncate(model, EncoderGraph.layerOutput(1));
        assertTrue(cut.length < model.length * 0.75, "the last four layers' weights are dropped: " + cut.length);
        assertThrows(IllegalArgumentException.class, () -> EncoderGraph.truncate(model, "no such tensor"));
        List<String> sentence = List.of("Ankara", "hosted", "the", "talks");
        try (ContextEncoder two = new ContextEncoder(1, 2)) {
            float[][] shallow = two.encode(List.of(sentence), 1).get(0);
            float[][] deep = encoder.encode(List.of(sentence), 1).get(0);
            assertEquals(sentence.size(), shallow.length);
            for (int t = 0; t < sentence.size(); t++) {
                assertTrue(cosine(shallow[t], deep[t]) < 0.9, "layer 2 is not layer 6");
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int d = 0; d < a.length; d++) {
            dot += a[d] * b[d];
        }
        return dot;
    }
}
