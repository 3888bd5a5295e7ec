package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The silver-data experiment's pieces: news read per article, the file of each fold, silver names not kept. */
class SilverNewsTest {

    @Test
    void newsIsReadArticleByArticleWithItsIdTitleAndBody(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("news.ndjson");
        Files.writeString(file, """
                {"title": "Acme buys Zorbla", "id": "a-1", "body": "Acme said on Monday it would buy Zorbla. The deal closes in May.", "tags": ["x"]}

                {"id": "a-2", "published": 2020, "body": "Rain in Paris."}
                """, StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        List<Integer> sentences = new ArrayList<>();
        NewsText.articles(file, (id, s) -> {
            ids.add(id);
            sentences.add(s.size());
        });
        assertEquals(List.of("a-1", "a-2"), ids);
        assertEquals(List.of(3, 1), sentences, "the title is a sentence of its own, then the body's two");
        List<List<String>> all = new ArrayList<>();
        NewsText.sentences(file, all::add);
        assertEquals(List.of("Acme", "buys", "Zorbla"), all.get(0));
        assertEquals(List.of("Rain", "in", "Paris", "."), all.get(3));
    }

    @Test
    void crossValidationLearnsFromSilverTaggedWithoutItsFold() {
        assertEquals("d/silver-all.conll", NerTrainer.silverFile("d/silver-{fold}.conll", -1));
        assertEquals("d/silver-fold1.conll", NerTrainer.silverFile("d/silver-{fold}.conll", 0));
        assertEquals("d/silver-fold4.conll", NerTrainer.silverFile("d/silver-{fold}.conll", 3));
        assertEquals("d/fixed.conll", NerTrainer.silverFile("d/fixed.conll", 2));
    }

    @Test
    void silverDocumentsAreLearntFromButTheirNamesAreNotKept() throws Exception {
        List<List<ConllCorpus.Sentence>> gold = gold();
        List<List<ConllCorpus.Sentence>> silver = List.of(List.of(new ConllCorpus.Sentence(
                List.of("Vextragon", "Holdings", "bought", "Zumbria", "Mills", "."),
                List.of("B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O"))));
        NerModel without = NerTrainer.train(gold, List.of(), 2, NerTrainer.SEED);
        NerModel with = NerTrainer.train(gold, silver, 2, NerTrainer.SEED);
        assertTrue(with.entities().containsKey("Quolmer"), "gold names are kept");
        assertFalse(with.entities().containsKey("Vextragon Holdings"), "silver names are not");
        assertEquals(without.entities().keySet(), with.entities().keySet());
        assertFalse(Arrays.equals(bytes(without), bytes(with)), "the silver document was learnt from");
    }

    @Test
    void silverHoldsNoArticleOfEitherGoldSet(@TempDir Path dir) throws Exception {
        Path linking = dir.resolve("gold.tsv");
        Files.writeString(linking, "# article\tmention\nlinked-1\tAcme\n\nlinked-2\tZorbla\n", StandardCharsets.UTF_8);
        java.util.Set<String> excluded = SilverNews.excluded(linking);
        assertTrue(excluded.containsAll(List.of("linked-1", "linked-2")), "the linking gold set's articles");
        assertFalse(excluded.contains("# article"));
        List<String> newsGold = NewsNerGold.spans().stream().map(NewsNerGold.Span::article).distinct().toList();
        assertTrue(newsGold.size() >= 70);
        assertTrue(excluded.containsAll(newsGold), "the news gold set's articles, which judge the students");
        assertEquals(2 + newsGold.size(), excluded.size());
    }

    @Test
    void silverWeighedDownCountsLessThanGold() throws Exception {
        List<List<ConllCorpus.Sentence>> gold = gold();
        ConllCorpus.Sentence sentence = new ConllCorpus.Sentence(
                List.of("Vextragon", "Holdings", "bought", "Zumbria", "Mills", "."),
                List.of("B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O"));
        List<List<ConllCorpus.Sentence>> silver = List.of(List.of(sentence, sentence)); // features seen twice are kept
        NerModel full = NerTrainer.train(gold, silver, 1f, 2, NerTrainer.SEED);
        NerModel half = NerTrainer.train(gold, silver, 0.5f, 2, NerTrainer.SEED);
        assertArrayEquals(bytes(NerTrainer.train(gold, silver, 2, NerTrainer.SEED)), bytes(full),
                "weight 1 is the default and learns as before");
        float[] fullWeights = weightsOf(full, "w=Vextragon");
        float[] halfWeights = weightsOf(half, "w=Vextragon");
        assertNotNull(fullWeights);
        assertNotNull(halfWeights);
        int org = Arrays.asList(full.labels()).indexOf("B-ORG");
        assertTrue(halfWeights[org] > 0 && halfWeights[org] < fullWeights[org],
                "a silver word's pull toward its silver tag is smaller: " + halfWeights[org] + " < " + fullWeights[org]);
    }

    /** Eight one-sentence gold documents. */
    private static List<List<ConllCorpus.Sentence>> gold() {
        List<List<ConllCorpus.Sentence>> gold = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            gold.add(List.of(new ConllCorpus.Sentence(List.of("Quolmer", "visited", "Paris", "."),
                    List.of("B-PER", "O", "B-LOC", "O"))));
        }
        return gold;
    }

    private static float[] weightsOf(NerModel model, String feature) {
        float[][] found = {null};
        model.forEachWeight((f, w) -> {
            if (f.equals(feature)) {
                found[0] = w;
            }
        });
        return found[0];
    }

    private static byte[] bytes(NerModel model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        return out.toByteArray();
    }
}
