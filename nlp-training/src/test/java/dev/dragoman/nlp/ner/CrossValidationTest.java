package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossValidationTest {

    @Test
    void everyDocumentIsHeldOutOnceAndTrainedOnInTheOtherFolds() {
        List<Integer> documents = IntStream.range(0, 23).boxed().toList();
        int folds = 5;
        List<Integer> heldOut = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<Integer> test = CrossValidation.fold(documents, folds, f, true);
            List<Integer> train = CrossValidation.fold(documents, folds, f, false);
            Set<Integer> overlap = new HashSet<>(test);
            overlap.retainAll(train);
            assertTrue(overlap.isEmpty(), "fold " + f + " trains on what it tests");
            assertEquals(documents.size(), test.size() + train.size());
            heldOut.addAll(test);
        }
        assertEquals(documents, heldOut.stream().sorted().toList());
    }

    @Test
    void meanAndSampleDeviationOverFolds() {
        CrossValidation.Result result = new CrossValidation.Result(new double[] {90, 92, 94}, new double[] {88, 88, 88},
                new double[] {70, 71, 72});
        assertEquals(92.0, result.mean(result.accurate()), 1e-9);
        assertEquals(2.0, result.sd(result.accurate()), 1e-9);
        assertEquals(0.0, result.sd(result.fast()), 1e-9);
        assertEquals(1.0, result.sd(result.lower()), 1e-9);
    }

    @Test
    void lowerCaseCopiesKeepTheirTagsAndTheirJackknifeFold() {
        List<List<ConllCorpus.Sentence>> corpus = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            corpus.add(List.of(new ConllCorpus.Sentence(List.of("Doc" + d, "Paris"), List.of("O", "B-LOC"))));
        }
        assertEquals(List.of("doc3", "paris"), NerTrainer.lowerCased(corpus.get(3)).get(0).words());
        assertEquals(List.of("O", "B-LOC"), NerTrainer.lowerCased(corpus.get(3)).get(0).tags());
        assertEquals(corpus, NerTrainer.augmented(corpus, 0), "no copies unless asked");
        List<List<ConllCorpus.Sentence>> augmented = NerTrainer.augmented(corpus, 2);
        // blocks of 4: block 0 copied, block 1 not, the last partial block (2 documents) not
        assertEquals(14, augmented.size());
        for (int d = 0; d < augmented.size(); d++) {
            String word = augmented.get(d).get(0).words().get(0);
            int original = Integer.parseInt(word.substring(3));
            assertEquals(original % 4, d % 4, "position " + d + " holds " + word + ", outside its jackknife fold");
        }
        assertEquals("doc0", augmented.get(4).get(0).words().get(0));
    }

    @Test
    void givenNameCopiesCutPeopleToTheirGivenNamesAndKeepTheirFold() {
        List<ConllCorpus.Sentence> document = List.of(new ConllCorpus.Sentence(
                List.of("Bill", "Clinton", "met", "Clinton", "and", "Xqzv", "Yeltsin", "in", "New", "York", "."),
                List.of("B-PER", "I-PER", "O", "B-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O")));
        ConllCorpus.Sentence cut = NerTrainer.givenNamesOnly(document).get(0);
        // "Bill" is a given name of the gazetteer; a lone surname, an unknown first word and places stay as they were
        assertEquals(List.of("Bill", "met", "Clinton", "and", "Xqzv", "Yeltsin", "in", "New", "York", "."), cut.words());
        assertEquals(List.of("B-PER", "O", "B-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"), cut.tags());
        List<List<ConllCorpus.Sentence>> corpus = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            corpus.add(List.of(new ConllCorpus.Sentence(List.of("Doc" + d, "Bill", "Clinton"),
                    List.of("O", "B-PER", "I-PER"))));
        }
        List<List<ConllCorpus.Sentence>> augmented = NerTrainer.augmented(corpus, 2, NerTrainer::givenNamesOnly);
        assertEquals(12, augmented.size());
        for (int d = 0; d < augmented.size(); d++) {
            int original = Integer.parseInt(augmented.get(d).get(0).words().get(0).substring(3));
            assertEquals(original % 4, d % 4, "position " + d + " outside its jackknife fold");
        }
        assertEquals(List.of("Doc0", "Bill"), augmented.get(4).get(0).words());
    }

    @Test
    void anEnsembleOfSeedsIsOneModelWithTheMeanWeightsOfEachStage() {
        String[] labels = {"B-PER", "O"};
        NerModel a = new NerModel(labels, java.util.Map.of("w=Bill", new float[] {2f, 0f}, "w=said", new float[] {0f, 4f}),
                new NerModel(labels, java.util.Map.of("h=PER", new float[] {1f, 1f})),
                java.util.Map.of("Bill", new String[] {"PER"}));
        NerModel b = new NerModel(labels, java.util.Map.of("w=Bill", new float[] {4f, 2f}),
                new NerModel(labels, java.util.Map.of("h=PER", new float[] {3f, -1f})), java.util.Map.of());
        NerModel mean = NerTrainer.averaged(List.of(a, b));
        java.util.Map<String, float[]> first = new java.util.HashMap<>();
        mean.forEachWeight(first::put);
        assertEquals(List.of(3f, 1f), List.of(first.get("w=Bill")[0], first.get("w=Bill")[1]));
        assertEquals(List.of(0f, 2f), List.of(first.get("w=said")[0], first.get("w=said")[1]),
                "a feature one model lacks counts as zero there");
        java.util.Map<String, float[]> second = new java.util.HashMap<>();
        mean.next().forEachWeight(second::put);
        assertEquals(List.of(2f, 0f), List.of(second.get("h=PER")[0], second.get("h=PER")[1]));
        assertTrue(mean.entities().containsKey("Bill"));
    }
}
