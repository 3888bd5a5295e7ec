package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains the averaged-perceptron tagger. Deterministic: the same data and settings give the same model bytes.
 * Command: {@code NerTrainer TRAIN_FILE DEV_FILE OUTPUT_MODEL [EPOCHS]}.
 */
public final class NerTrainer {

    private static final int MIN_FEATURE_COUNT = 2;

    private final String[] labels;
    private final Map<String, Integer> labelIndex = new HashMap<>();
    private final Map<String, float[]> weights = new HashMap<>();
    private final Map<String, double[]> totals = new HashMap<>();
    private final Map<String, int[]> stamps = new HashMap<>();
    private int step;

    private NerTrainer(List<String> labels) {
        this.labels = labels.toArray(String[]::new);
        for (int k = 0; k < this.labels.length; k++) {
            labelIndex.put(this.labels[k], k);
        }
    }

    public static NerModel train(List<ConllCorpus.Sentence> corpus, int epochs, long seed) {
        TreeSet<String> labelSet = new TreeSet<>();
        corpus.forEach(s -> labelSet.addAll(s.tags()));
        NerTrainer trainer = new NerTrainer(new ArrayList<>(labelSet));
        Map<String, Integer> featureCounts = countFeatures(corpus);
        List<ConllCorpus.Sentence> order = new ArrayList<>(corpus);
        Random random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Collections.shuffle(order, random);
            int errors = 0;
            int tokens = 0;
            for (ConllCorpus.Sentence sentence : order) {
                errors += trainer.learn(sentence, featureCounts);
                tokens += sentence.words().size();
            }
            System.out.printf("epoch %d: %.2f%% token errors%n", epoch + 1, 100.0 * errors / tokens);
        }
        return trainer.averaged();
    }

    private static Map<String, Integer> countFeatures(List<ConllCorpus.Sentence> corpus) {
        Map<String, Integer> counts = new HashMap<>();
        List<String> features = new ArrayList<>(48);
        for (ConllCorpus.Sentence sentence : corpus) {
            for (int i = 0; i < sentence.words().size(); i++) {
                Features.extract(sentence.words(), i, NerTagger.previous(sentence.tags(), i - 1),
                        NerTagger.previous(sentence.tags(), i - 2), features);
                for (String feature : features) {
                    counts.merge(feature, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** One pass of greedy decoding over a sentence, updating on every mistake; returns the mistakes. */
    private int learn(ConllCorpus.Sentence sentence, Map<String, Integer> featureCounts) {
        List<String> predicted = new ArrayList<>();
        List<String> features = new ArrayList<>(48);
        float[] scores = new float[labels.length];
        int errors = 0;
        for (int i = 0; i < sentence.words().size(); i++) {
            Features.extract(sentence.words(), i, NerTagger.previous(predicted, i - 1),
                    NerTagger.previous(predicted, i - 2), features);
            features.removeIf(f -> featureCounts.getOrDefault(f, 0) < MIN_FEATURE_COUNT);
            NerModel.score(weights, features, scores);
            int guess = 0;
            for (int k = 1; k < scores.length; k++) {
                if (scores[k] > scores[guess]) {
                    guess = k;
                }
            }
            int truth = labelIndex.get(sentence.tags().get(i));
            step++;
            if (guess != truth) {
                errors++;
                for (String feature : features) {
                    update(feature, truth, 1f);
                    update(feature, guess, -1f);
                }
            }
            predicted.add(labels[guess]);
        }
        return errors;
    }

    private void update(String feature, int label, float delta) {
        float[] w = weights.computeIfAbsent(feature, f -> new float[labels.length]);
        double[] total = totals.computeIfAbsent(feature, f -> new double[labels.length]);
        int[] stamp = stamps.computeIfAbsent(feature, f -> new int[labels.length]);
        total[label] += (double) (step - stamp[label]) * w[label];
        stamp[label] = step;
        w[label] += delta;
    }

    private NerModel averaged() {
        Map<String, float[]> averaged = new HashMap<>();
        for (Map.Entry<String, float[]> entry : weights.entrySet()) {
            float[] w = entry.getValue();
            double[] total = totals.get(entry.getKey());
            int[] stamp = stamps.get(entry.getKey());
            float[] avg = new float[labels.length];
            boolean any = false;
            for (int k = 0; k < labels.length; k++) {
                double sum = total[k] + (double) (step - stamp[k]) * w[k];
                // rounded to 3 decimals of a weight unit: smaller file, same decisions in practice
                avg[k] = Math.round(sum / step * 1000) / 1000f;
                any |= avg[k] != 0f;
            }
            if (any) {
                averaged.put(entry.getKey(), avg);
            }
        }
        return new NerModel(labels, averaged);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: NerTrainer TRAIN_FILE DEV_FILE OUTPUT_MODEL [EPOCHS]");
            System.exit(2);
        }
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        NerModel model = train(ConllCorpus.read(Path.of(args[0])), epochs, 20250226L);
        System.out.println("features: " + model.featureCount());
        Path output = Path.of(args[2]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(output)) {
            model.write(out);
        }
        System.out.println("model written to " + output + " (" + Files.size(output) + " bytes)");
        NerEvaluation evaluation = NerEvaluation.evaluate(new NerTagger(model), ConllCorpus.read(Path.of(args[1])),
                System.out);
        System.out.printf("overall F1: %.2f%n", evaluation.overallF1());
    }
}
