package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Exact-span entity precision, recall and F1 per type and overall, with conlleval semantics.
 * As a command: {@code NerEvaluation FILE [MODEL]} prints the table, throughput, and last {@code overall F1: NN.NN}.
 */
public final class NerEvaluation {

    private record Key(int sentence, int first, int last, String type) {
    }

    private final Map<String, int[]> counts = new TreeMap<>(); // type -> {gold, predicted, correct}

    public void add(int sentence, List<String> gold, List<String> predicted) {
        List<Key> goldSpans = keys(sentence, gold);
        List<Key> predictedSpans = keys(sentence, predicted);
        for (Key key : goldSpans) {
            counts.computeIfAbsent(key.type(), t -> new int[3])[0]++;
        }
        for (Key key : predictedSpans) {
            int[] c = counts.computeIfAbsent(key.type(), t -> new int[3]);
            c[1]++;
            if (goldSpans.contains(key)) {
                c[2]++;
            }
        }
    }

    private static List<Key> keys(int sentence, List<String> tags) {
        List<Key> keys = new ArrayList<>();
        NerTagger.chunks(tags, (first, last, type) -> keys.add(new Key(sentence, first, last, type)));
        return keys;
    }

    public double overallF1() {
        int[] total = totals();
        return f1(total);
    }

    /** F1 of summed {gold, predicted, correct} counts. */
    public static double f1Of(int[] counts) {
        return f1(counts);
    }

    /** Entities over all types: {gold, predicted, correct} (for bootstrap resampling over documents). */
    public int[] totals() {
        int[] total = new int[3];
        for (int[] c : counts.values()) {
            for (int k = 0; k < 3; k++) {
                total[k] += c[k];
            }
        }
        return total;
    }

    private static double precision(int[] c) {
        return c[1] == 0 ? 0 : 100.0 * c[2] / c[1];
    }

    private static double recall(int[] c) {
        return c[0] == 0 ? 0 : 100.0 * c[2] / c[0];
    }

    private static double f1(int[] c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public void print(PrintStream out) {
        out.printf("%-8s %9s %9s %9s %7s %7s%n", "type", "precision", "recall", "F1", "gold", "found");
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            int[] c = entry.getValue();
            out.printf("%-8s %9.2f %9.2f %9.2f %7d %7d%n", entry.getKey(), precision(c), recall(c), f1(c), c[0], c[1]);
        }
        int[] t = totals();
        out.printf("%-8s %9.2f %9.2f %9.2f %7d %7d%n", "overall", precision(t), recall(t), f1(t), t[0], t[1]);
    }

    /** Tags every document of the corpus and scores it; returns the evaluation, printing throughput. */
    public static NerEvaluation evaluate(NerTagger tagger, List<List<ConllCorpus.Sentence>> documents,
                                         PrintStream out) {
        return evaluate(tagger, documents, UnaryOperator.identity(), out);
    }

    /**
     * The same, with the predicted tags of each sentence passed through {@code predictions} first (for a corpus that
     * annotates fewer types than the tagger finds: {@link #keeping}).
     */
    public static NerEvaluation evaluate(NerTagger tagger, List<List<ConllCorpus.Sentence>> documents,
                                         UnaryOperator<List<String>> predictions, PrintStream out) {
        NerEvaluation evaluation = new NerEvaluation();
        long tokens = 0;
        long started = System.nanoTime();
        int s = 0;
        for (List<ConllCorpus.Sentence> document : documents) {
            List<List<String>> predicted = tagger.tagDocument(
                    document.stream().map(ConllCorpus.Sentence::words).toList());
            for (int k = 0; k < document.size(); k++) {
                ConllCorpus.Sentence sentence = document.get(k);
                evaluation.add(s++, sentence.tags(), predictions.apply(predicted.get(k)));
                tokens += sentence.words().size();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        evaluation.print(out);
        out.printf("tokens: %d in %.2f s (%.0f tokens/s, one thread)%n", tokens, seconds, tokens / seconds);
        return evaluation;
    }

    /** Tags with the types outside {@code types} made O (whole spans: IOB2 stays valid). */
    public static UnaryOperator<List<String>> keeping(Set<String> types) {
        return tags -> tags.stream().map(t -> t.length() > 2 && !types.contains(t.substring(2)) ? "O" : t).toList();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: NerEvaluation CONLL_FILE [MODEL_FILE]");
            System.exit(2);
        }
        NerModel model;
        if (args.length > 1) {
            try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
                model = NerModel.read(in);
            }
        } else {
            model = NerModels.bundled();
        }
        NerEvaluation evaluation = evaluate(new NerTagger(model), ConllCorpus.readDocuments(Path.of(args[0])),
                System.out);
        System.out.printf("overall F1: %.2f%n", evaluation.overallF1());
    }

}
