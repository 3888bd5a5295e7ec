package dev.dragoman.nlp.ner;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation command of README "The NER model": the model (bundled, or a file) on CoNLL-2003 {@code eng.testa}
 * (as written, lower-cased and upper-cased), on WNUT-17's dev and test sets and on the project's news gold set
 * ({@link NewsNerGold}; both PER, LOC, ORG), each for the accurate tagger (both stages) and the fast one (first stage),
 * and, with {@code --cv-folds K}, a K-fold cross-validated estimate of the training recipe on {@code eng.train}
 * ({@link CrossValidation}: trains K models with this JVM's {@code -Dner.*} flags, so it takes a while).
 * <p>
 * The tagger is the service's: text without capitals goes to the caseless model ({@code Casing}); {@code --caseless
 * none} evaluates the main model alone.
 * <p>
 * {@code NerReport SHARED_DIR [--model FILE] [--caseless FILE|none] [--cv-folds K] [--epochs E] [--threads T]}; ends
 * with one
 * {@code name: F1} line per figure.
 */
public final class NerReport {

    private NerReport() {
    }

    static NerModel read(Path file) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return NerModel.read(in);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NerReport SHARED_DIR [--model FILE] [--caseless FILE|none] [--cv-folds K] "
                    + "[--epochs E] [--threads T]");
            System.exit(2);
        }
        Path shared = Path.of(args[0]);
        Path modelFile = null;
        String caselessFile = null;
        int folds = 0;
        int epochs = 7;
        int threads = 2;
        for (int a = 1; a + 1 < args.length; a += 2) {
            switch (args[a]) {
                case "--model" -> modelFile = Path.of(args[a + 1]);
                case "--caseless" -> caselessFile = args[a + 1];
                case "--cv-folds" -> folds = Integer.parseInt(args[a + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[a + 1]);
                case "--threads" -> threads = Integer.parseInt(args[a + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        NerModel model = modelFile != null ? read(modelFile) : NerModels.bundled();
        NerModel caseless = caselessFile == null ? NerModels.caseless()
                : caselessFile.equals("none") ? null : read(Path.of(caselessFile));
        PrintStream out = System.out;
        List<String> summary = new ArrayList<>();
        Path conll = shared.resolve("data/ner/conll2003");
        Path wnut = shared.resolve("data/ner/wnut17/emerging.test.annotated");
        List<List<ConllCorpus.Sentence>> wnutDev = Wnut17.read(shared.resolve("data/ner/wnut17/emerging.dev.conll"));
        List<List<ConllCorpus.Sentence>> testa = ConllCorpus.readDocuments(conll.resolve("eng.testa"));
        List<List<ConllCorpus.Sentence>> wnutTest = Wnut17.read(wnut);
        List<List<ConllCorpus.Sentence>> news = NewsNerGold.read(shared);
        for (boolean fast : new boolean[] {false, true}) {
            String tagger = fast ? "fast" : "accurate";
            NerTagger ner = new NerTagger(model, caseless, fast);
            out.println("== eng.testa, " + tagger + " tagger (all four types)");
            double f1 = NerEvaluation.evaluate(ner, testa, out).overallF1();
            summary.add(String.format("eng.testa %s F1: %.2f", tagger, f1));
            out.println("== eng.testa lower-cased, " + tagger + " tagger");
            f1 = NerEvaluation.evaluate(ner, testa.stream().map(NerTrainer::lowerCased).toList(), out).overallF1();
            summary.add(String.format("eng.testa lower-cased %s F1: %.2f", tagger, f1));
            out.println("== eng.testa upper-cased, " + tagger + " tagger");
            f1 = NerEvaluation.evaluate(ner, testa.stream().map(NerTrainer::upperCased).toList(), out).overallF1();
            summary.add(String.format("eng.testa upper-cased %s F1: %.2f", tagger, f1));
            out.println("== WNUT-17 dev, " + tagger + " tagger (PER, LOC, ORG; the tagger's MISC left out)");
            f1 = NerEvaluation.evaluate(ner, wnutDev, NerEvaluation.keeping(Wnut17.TYPES), out).overallF1();
            summary.add(String.format("wnut17-dev %s F1: %.2f", tagger, f1));
            out.println("== WNUT-17 test, " + tagger + " tagger (PER, LOC, ORG; the tagger's MISC left out)");
            f1 = NerEvaluation.evaluate(ner, wnutTest, NerEvaluation.keeping(Wnut17.TYPES), out).overallF1();
            summary.add(String.format("wnut17-test %s F1: %.2f", tagger, f1));
            out.println("== news gold set, " + tagger + " tagger (PER, LOC, ORG; the tagger's MISC left out)");
            f1 = NerEvaluation.evaluate(ner, news, NerEvaluation.keeping(NewsNerGold.TYPES), out).overallF1();
            summary.add(String.format("news-gold %s F1: %.2f", tagger, f1));
        }
        if (folds > 1) {
            out.println("== cross-validation on eng.train");
            CrossValidation.Result cv = CrossValidation.run(ConllCorpus.readDocuments(conll.resolve("eng.train")),
                    folds, epochs, NerTrainer.SEED, threads, out);
            cv.print(out, folds, epochs);
            summary.add(String.format("eng.train %d-fold cv accurate F1: %.2f ± %.2f", folds,
                    cv.mean(cv.accurate()), cv.sd(cv.accurate())));
            summary.add(String.format("eng.train %d-fold cv fast F1: %.2f ± %.2f", folds,
                    cv.mean(cv.fast()), cv.sd(cv.fast())));
            summary.add(String.format("eng.train %d-fold cv lower-case F1: %.2f ± %.2f", folds,
                    cv.mean(cv.lower()), cv.sd(cv.lower())));
        }
        out.println("== summary");
        summary.forEach(out::println);
    }
}
