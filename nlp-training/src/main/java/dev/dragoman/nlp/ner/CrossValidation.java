package dev.dragoman.nlp.ner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * K-fold cross-validation of the training recipe over the documents of a corpus: document d is in fold d mod K; each
 * fold is tagged by a model trained by {@link NerTrainer} on the other folds, with the settings of this JVM (the
 * same {@code -Dner.*} flags as the trainer) and the given epochs. Reports exact-span F1 per fold, for both stages
 * (the accurate tagger) and the first stage alone (the fast tagger), and their mean and standard deviation.
 * Deterministic: the same corpus, flags, epochs and K give the same figures whatever the threads.
 * <p>
 * Command: {@code CrossValidation TRAIN_FILE [FOLDS=5] [EPOCHS=7] [THREADS=2]}; last lines
 * {@code cv accurate F1: NN.NN ± N.NN} and {@code cv fast F1: ...}.
 */
public final class CrossValidation {

    /**
     * F1 of each fold: the accurate tagger, the fast one, and the accurate one on the held-out documents in lower case
     * (robustness to text without capitals, estimated without any other corpus).
     */
    public record Result(double[] accurate, double[] fast, double[] lower) {

        public double mean(double[] values) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum / values.length;
        }

        /** Sample standard deviation over the folds. */
        public double sd(double[] values) {
            if (values.length < 2) {
                return 0;
            }
            double mean = mean(values);
            double sum = 0;
            for (double v : values) {
                sum += (v - mean) * (v - mean);
            }
            return Math.sqrt(sum / (values.length - 1));
        }

        public void print(PrintStream out, int folds, int epochs) {
            out.printf("cross-validation: %d folds over documents, %d epochs, flags [%s]%n", folds, epochs, flags());
            for (int f = 0; f < accurate.length; f++) {
                out.printf("fold %d: accurate F1 %.2f, fast F1 %.2f, lower-case F1 %.2f%n", f + 1, accurate[f],
                        fast[f], lower[f]);
            }
            out.printf("cv accurate F1: %.2f ± %.2f%n", mean(accurate), sd(accurate));
            out.printf("cv fast F1: %.2f ± %.2f%n", mean(fast), sd(fast));
            out.printf("cv lower-case F1: %.2f ± %.2f%n", mean(lower), sd(lower));
        }
    }

    /** {@code -Dner.cv-models=DIR}: each fold's model is also written, as {@code DIR/foldK.bin.gz}. */
    private static final String MODELS = System.getProperty("ner.cv-models");

    private CrossValidation() {
    }

    /** The {@code ner.*} system properties this JVM trains with (what a reader needs to repeat the run). */
    static String flags() {
        List<String> flags = new ArrayList<>();
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("ner.")).sorted()
                .forEach(n -> flags.add("-D" + n + "=" + System.getProperty(n)));
        return String.join(" ", flags);
    }

    /** The documents of fold {@code fold} (held out: true) or of the other folds (false). */
    static <T> List<T> fold(List<T> documents, int folds, int fold, boolean heldOut) {
        List<T> out = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            if ((d % folds == fold) == heldOut) {
                out.add(documents.get(d));
            }
        }
        return out;
    }

    public static Result run(List<List<ConllCorpus.Sentence>> documents, int folds, int epochs, long seed,
                             int threads, PrintStream out) throws Exception {
        double[] accurate = new double[folds];
        double[] fast = new double[folds];
        double[] lower = new double[folds];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                int fold = f;
                running.add(pool.submit(() -> {
                    NerModel model = NerTrainer.train(fold(documents, folds, fold, false), NerTrainer.silver(fold),
                            epochs, seed);
                    if (MODELS != null) {
                        try (var target = java.nio.file.Files.newOutputStream(Path.of(MODELS, "fold" + (fold + 1)
                                + ".bin.gz"))) {
                            model.write(target);
                        }
                    }
                    List<List<ConllCorpus.Sentence>> heldOut = fold(documents, folds, fold, true);
                    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
                    accurate[fold] = NerEvaluation.evaluate(new NerTagger(model, false), heldOut, quiet).overallF1();
                    fast[fold] = NerEvaluation.evaluate(new NerTagger(model, true), heldOut, quiet).overallF1();
                    lower[fold] = NerEvaluation.evaluate(new NerTagger(model, false),
                            heldOut.stream().map(NerTrainer::lowerCased).toList(), quiet).overallF1();
                    out.printf("fold %d of %d done: accurate F1 %.2f, fast F1 %.2f, lower-case F1 %.2f%n", fold + 1,
                            folds, accurate[fold], fast[fold], lower[fold]);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(accurate, fast, lower);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CrossValidation TRAIN_FILE [FOLDS=5] [EPOCHS=7] [THREADS=2]");
            System.exit(2);
        }
        int folds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Result result = run(ConllCorpus.readDocuments(Path.of(args[0])), folds, epochs, NerTrainer.SEED, threads,
                System.out);
        result.print(System.out, folds, epochs);
    }
}
