package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerEvaluationTest {

    @Test
    void iob1BecomesIob2() {
        assertEquals(List.of("B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"),
                ConllCorpus.toIob2(List.of("I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC")));
    }

    @Test
    void documentsAreSplitAtDocstartWherever(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docs.conll");
        // as in the shared eng.train: the first -DOCSTART- moved to the end, no final newline
        Files.writeString(file, "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP I-PER\n\n"
                + "-DOCSTART- -X- O O\n\nBRUSSELS NNP B-NP I-LOC\n\n-DOCSTART- -X- O O");
        List<List<ConllCorpus.Sentence>> documents = ConllCorpus.readDocuments(file);
        assertEquals(2, documents.size());
        assertEquals(2, documents.get(0).size());
        assertEquals(List.of("B-LOC"), documents.get(1).get(0).tags());
        assertEquals(3, ConllCorpus.read(file).size());
    }

    /** The bundled model on the CoNLL-2003 development set: a floor that catches a broken model or tokeniser. */
    @Test
    void bundledModelScoresOnTheDevelopmentSet() throws Exception {
        Path testa = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "data/ner/conll2003/eng.testa");
        assertTrue(Files.exists(testa), "CoNLL-2003 development set not found at " + testa);
        NerEvaluation evaluation = NerEvaluation.evaluate(NerTagger.bundled(false), ConllCorpus.readDocuments(testa),
                System.out);
        // deterministic training gives 94.16 (README); the goal is 94.0: below it the model, lexicon or reader broke
        assertTrue(evaluation.overallF1() >= 94.0, "overall F1 " + evaluation.overallF1());
    }
}
