package dev.dragoman.nlp.ner;

import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Stanford CoreNLP's 4-class CRF (english.conll.4class.distsim) against nlp-service's tagger, on the same tokens, with
 * the same exact-span scorer ({@link NerEvaluation}), per corpus: CoNLL-2003 {@code eng.testa} (four types) and
 * WNUT-17's test set and the project's news gold set ({@link NewsNerGold}) (PER, LOC, ORG; both taggers' MISC left
 * out). Ends with a paired bootstrap over documents of the
 * F1 difference (Dragoman − CoreNLP): its mean and 95 % interval.
 * <p>
 * {@code CoreNlpComparison SHARED_DIR [--fast] [--resamples N]}
 */
public final class CoreNlpComparison {

    static final String MODEL = "edu/stanford/nlp/models/ner/english.conll.4class.distsim.crf.ser.gz";

    private CoreNlpComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        boolean fast = List.of(args).contains("--fast");
        int resamples = 1000;
        for (int a = 1; a + 1 < args.length; a++) {
            if (args[a].equals("--resamples")) {
                resamples = Integer.parseInt(args[a + 1]);
            }
        }
        PrintStream out = System.out;
        CRFClassifier<CoreLabel> crf = CRFClassifier.getClassifier(MODEL);
        NerTagger dragoman = new NerTagger(NerModels.bundled(), NerModels.caseless(), fast);
        Path conll = shared.resolve("data/ner/conll2003");
        List<String> summary = new ArrayList<>();
        summary.add(compare("eng.testa (four types)", ConllCorpus.readDocuments(conll.resolve("eng.testa")),
                UnaryOperator.identity(), crf, dragoman, resamples, out));
        summary.add(compare("WNUT-17 test (PER, LOC, ORG)",
                Wnut17.read(shared.resolve("data/ner/wnut17/emerging.test.annotated")),
                NerEvaluation.keeping(Wnut17.TYPES), crf, dragoman, resamples, out));
        summary.add(compare("news gold set (PER, LOC, ORG)", NewsNerGold.read(shared),
                NerEvaluation.keeping(NewsNerGold.TYPES), crf, dragoman, resamples, out));
        out.println("== summary (" + (fast ? "fast" : "accurate") + " tagger; exact-span F1; Dragoman − CoreNLP with "
                + "its 95 % bootstrap interval over documents)");
        summary.forEach(out::println);
    }

    /** Both taggers on one corpus; one summary line. */
    static String compare(String name, List<List<ConllCorpus.Sentence>> documents,
                          UnaryOperator<List<String>> kept, CRFClassifier<CoreLabel> crf, NerTagger dragoman,
                          int resamples, PrintStream out) {
        NerEvaluation ours = new NerEvaluation();
        NerEvaluation theirs = new NerEvaluation();
        List<int[]> oursByDocument = new ArrayList<>();
        List<int[]> theirsByDocument = new ArrayList<>();
        long oursNanos = 0;
        long theirsNanos = 0;
        int s = 0;
        for (List<ConllCorpus.Sentence> document : documents) {
            List<List<String>> words = document.stream().map(ConllCorpus.Sentence::words).toList();
            long started = System.nanoTime();
            List<List<String>> tagged = dragoman.tagDocument(words);
            oursNanos += System.nanoTime() - started;
            started = System.nanoTime();
            List<List<String>> crfTagged = words.stream().map(w -> coreNlp(crf, w)).toList();
            theirsNanos += System.nanoTime() - started;
            NerEvaluation oursHere = new NerEvaluation();
            NerEvaluation theirsHere = new NerEvaluation();
            for (int k = 0; k < document.size(); k++, s++) {
                List<String> gold = document.get(k).tags();
                ours.add(s, gold, kept.apply(tagged.get(k)));
                theirs.add(s, gold, kept.apply(crfTagged.get(k)));
                oursHere.add(s, gold, kept.apply(tagged.get(k)));
                theirsHere.add(s, gold, kept.apply(crfTagged.get(k)));
            }
            oursByDocument.add(oursHere.totals());
            theirsByDocument.add(theirsHere.totals());
        }
        long tokens = documents.stream().flatMap(List::stream).mapToLong(x -> x.words().size()).sum();
        out.println("== " + name + ": Dragoman");
        ours.print(out);
        out.printf("tagging alone: %.0f tokens/s, one thread%n", tokens / (oursNanos / 1e9));
        out.println("== " + name + ": CoreNLP " + MODEL.substring(MODEL.lastIndexOf('/') + 1));
        theirs.print(out);
        out.printf("tagging alone: %.0f tokens/s, one thread%n", tokens / (theirsNanos / 1e9));
        double[] interval = bootstrap(oursByDocument, theirsByDocument, resamples);
        return String.format("%s: Dragoman %.2f, CoreNLP %.2f, difference %+.2f (95 %% interval %+.2f … %+.2f; %d "
                        + "documents, %d resamples)", name, ours.overallF1(), theirs.overallF1(),
                ours.overallF1() - theirs.overallF1(), interval[0], interval[1], documents.size(), resamples);
    }

    /** CoreNLP's answers for one sentence of given tokens, as IOB2 tags of the CoNLL types. */
    static List<String> coreNlp(CRFClassifier<CoreLabel> crf, List<String> words) {
        // classifySentence prepares the tokens as CoreNLP's own pipeline does before the CRF sees them
        List<edu.stanford.nlp.ling.HasWord> tokens = new ArrayList<>(words.size());
        for (String word : words) {
            tokens.add(new edu.stanford.nlp.ling.Word(word));
        }
        List<CoreLabel> answered = crf.classifySentence(tokens);
        List<String> tags = new ArrayList<>(words.size());
        String previous = "O";
        for (CoreLabel label : answered) {
            String type = switch (label.get(CoreAnnotations.AnswerAnnotation.class)) {
                case "PERSON" -> "PER";
                case "LOCATION" -> "LOC";
                case "ORGANIZATION" -> "ORG";
                case "MISC" -> "MISC";
                default -> "O";
            };
            // the model answers one label per token (IO): a run of one type is one entity
            tags.add(type.equals("O") ? "O" : (type.equals(previous) ? "I-" : "B-") + type);
            previous = type;
        }
        return tags;
    }

    /** 2.5th and 97.5th percentiles of F1(ours) − F1(theirs) over documents resampled with replacement (fixed seed). */
    static double[] bootstrap(List<int[]> ours, List<int[]> theirs, int resamples) {
        Random random = new Random(20261130L);
        double[] differences = new double[resamples];
        int n = ours.size();
        for (int r = 0; r < resamples; r++) {
            int[] a = new int[3];
            int[] b = new int[3];
            for (int i = 0; i < n; i++) {
                int d = random.nextInt(n);
                for (int k = 0; k < 3; k++) {
                    a[k] += ours.get(d)[k];
                    b[k] += theirs.get(d)[k];
                }
            }
            differences[r] = NerEvaluation.f1Of(a) - NerEvaluation.f1Of(b);
        }
        java.util.Arrays.sort(differences);
        return new double[] {differences[(int) (resamples * 0.025)], differences[(int) (resamples * 0.975) - 1]};
    }
}
