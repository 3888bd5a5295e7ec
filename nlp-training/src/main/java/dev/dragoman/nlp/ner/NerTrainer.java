package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains the averaged-perceptron tagger, document by document (the document features need the order of the
 * sentences), decoding as the tagger does (greedily, or by Viterbi with {@code -Dner.viterbi=true}). Deterministic: the same data and settings give the same model
 * bytes. Command: {@code NerTrainer TRAIN_FILE DEV_FILE OUTPUT_MODEL [EPOCHS=7]} (7: the recipe of the bundled model).
 */
public final class NerTrainer {

    /** The shuffling seed of every model the project trains (bundled, cross-validation). */
    static final long SEED = 20250226L;

    private static final int MIN_FEATURE_COUNT = Integer.getInteger("ner.min-feature-count", 2);
    /** BILOU labels in training ({@code -Dner.bilou=true}): tried, below IOB2 with greedy decoding here. */
    private static final boolean BILOU = Boolean.getBoolean("ner.bilou");
    /**
     * {@code -Dner.viterbi=true}: Viterbi decoding (first order, per sentence) with structured-perceptron updates, the
     * decoder the tagger then uses for the stage. Off by default: better on eng.testa (94.00 against 93.16), but it
     * tags some names of the seed articles worse (README, "The NER model"). Default: greedy decoding, updates per token.
     */
    static final boolean VITERBI = !BILOU && Boolean.parseBoolean(System.getProperty("ner.viterbi", "false"));
    /** The stages trained for Viterbi decoding when {@link #VITERBI}: "1", "2" or "12" (both). */
    private static final String VITERBI_STAGES = System.getProperty("ner.viterbi-stages", "12");

    private final String[] labels;
    private final Map<String, Integer> labelIndex = new HashMap<>();
    /** Feature name -> id, for features seen at least {@link #MIN_FEATURE_COUNT} times; names by id. */
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private float[] weights;
    private double[] totals;
    private int[] stamps;
    private int step;
    private boolean viterbi;
    /** How much the document being learnt counts: 1 for gold, {@link #SILVER_WEIGHT} for silver. */
    private float rate = 1f;

    private NerTrainer(List<String> labels) {
        this.labels = labels.toArray(String[]::new);
        for (int k = 0; k < this.labels.length; k++) {
            labelIndex.put(this.labels[k], k);
        }
    }

    /** A training document: its sentences, their precomputed static feature ids, gold tags, how much it counts. */
    private record Doc(List<List<String>> words, List<Features.Sentence> sentences, List<int[][]> staticIds,
                       List<List<String>> tags, List<List<String>> stage1, float rate) {

        Features.Document document() {
            Features.Document document = new Features.Document(words);
            if (stage1 != null) {
                document.secondStage(words, stage1);
            }
            return document;
        }
    }

    /** Number of folds for the first-stage tags the second stage learns from (each fold tagged by a model that did
     * not see it, so that the second stage learns how far to trust the first on unseen text). */
    private static final int FOLDS = 4;

    /**
     * Trains the first stage on the corpus; then, unless ablated, the second stage on the same corpus with first-stage
     * tags obtained by {@value #FOLDS}-fold jackknifing over documents.
     */
    public static NerModel train(List<List<ConllCorpus.Sentence>> original, int epochs, long seed) {
        return train(original, silver(-1), epochs, seed);
    }

    /**
     * As {@link #train(List, int, long)}, also learning from {@code silver} documents (tagged by another tagger), whose
     * names are not kept as entity phrases of the model.
     */
    static NerModel train(List<List<ConllCorpus.Sentence>> original, List<List<ConllCorpus.Sentence>> silver,
                          int epochs, long seed) {
        return train(original, silver, SILVER_WEIGHT, epochs, seed);
    }

    /** As {@link #train(List, List, int, long)}, each silver document counting {@code silverWeight} of a gold one. */
    static NerModel train(List<List<ConllCorpus.Sentence>> original, List<List<ConllCorpus.Sentence>> silver,
                          float silverWeight, int epochs, long seed) {
        if (SEEDS <= 1) {
            return trainOnce(original, silver, silverWeight, epochs, seed);
        }
        List<NerModel> models = java.util.stream.IntStream.range(0, SEEDS).parallel()
                .mapToObj(k -> trainOnce(original, silver, silverWeight, epochs, seed + k)).toList();
        return averaged(models);
    }

    /**
     * {@code -Dner.seeds=K}: K models learnt in K shuffling orders (seeds {@link #SEED}, +1, …), their weights
     * averaged stage by stage into one model (an ensemble of linear models is one linear model: it tags at the speed
     * of one). 1 (the default): one model.
     */
    private static final int SEEDS = Integer.getInteger("ner.seeds", 1);

    /** The stage-by-stage mean of the models' weights (same labels, same stages); the first model's entities. */
    static NerModel averaged(List<NerModel> models) {
        NerModel first = models.get(0);
        Map<String, float[]> sum = new HashMap<>();
        for (NerModel model : models) {
            if (!java.util.Arrays.equals(model.labels(), first.labels())) {
                throw new IllegalArgumentException("models with other labels");
            }
            model.forEachWeight((feature, w) -> {
                float[] into = sum.computeIfAbsent(feature, f -> new float[w.length]);
                for (int k = 0; k < w.length; k++) {
                    into[k] += w[k] / models.size();
                }
            });
        }
        NerModel next = first.next() == null ? null
                : averaged(models.stream().map(NerModel::next).toList());
        return new NerModel(first.labels(), sum, next, first.entities());
    }

    private static NerModel trainOnce(List<List<ConllCorpus.Sentence>> original,
                                      List<List<ConllCorpus.Sentence>> silver, float silverWeight, int epochs,
                                      long seed) {
        List<List<ConllCorpus.Sentence>> iob2 = CASELESS ? original.stream().map(NerTrainer::lowerCased).toList()
                : augmented(augmented(original, AUGMENT_GIVEN, NerTrainer::givenNamesOnly), AUGMENT_LOWER,
                NerTrainer::lowerCased);
        // silver documents are learnt from after the gold ones, never taken into the entity phrases the model keeps
        // every document's words as the tagger reads them (typographic apostrophes and quotes as CoNLL-2003 writes them)
        List<List<ConllCorpus.Sentence>> all = java.util.stream.Stream.concat(iob2.stream(),
                CASELESS ? silver.stream().map(NerTrainer::lowerCased) : silver.stream())
                .map(NerTrainer::asConll).toList();
        // learnt in BILOU (an entity's last token L-, a single-token entity U-); the tagger answers in IOB2
        List<List<ConllCorpus.Sentence>> corpus = BILOU ? all.stream().map(d -> d.stream()
                .map(s -> new ConllCorpus.Sentence(s.words(), NerTagger.toBilou(s.tags()))).toList()).toList() : all;
        TreeSet<String> labelSet = new TreeSet<>();
        corpus.forEach(d -> d.forEach(s -> labelSet.addAll(s.tags())));
        List<String> labels = new ArrayList<>(labelSet);
        // entities learnt from the training data: each document sees those of the other folds only, as unseen text
        // would; the model keeps them all for tagging
        Map<String, String[]> learnt = Features.LEARNED ? entities(CASELESS ? iob2 : original, -1) : Map.of();
        NerLexicon[] foldLexicons = new NerLexicon[FOLDS];
        for (int fold = 0; fold < FOLDS; fold++) {
            foldLexicons[fold] = NerLexicon.bundled().withLearned(Features.LEARNED ? entities(CASELESS ? iob2 : original, fold) : Map.of());
        }
        List<NerLexicon> lexicons = new ArrayList<>();
        List<Float> rates = new ArrayList<>();
        for (int d = 0; d < corpus.size(); d++) {
            lexicons.add(foldLexicons[d % FOLDS]);
            rates.add(d < iob2.size() ? 1f : silverWeight);
        }
        NerModel first = trainStage(labels, corpus, lexicons, rates, null, epochs, seed);
        if (!Features.STAGE2) {
            return first.withEntities(learnt);
        }
        List<List<List<String>>> stage1 = new ArrayList<>(java.util.Collections.nCopies(corpus.size(), null));
        for (int fold = 0; fold < FOLDS; fold++) {
            List<List<ConllCorpus.Sentence>> rest = new ArrayList<>();
            List<NerLexicon> restLexicons = new ArrayList<>();
            List<Float> restRates = new ArrayList<>();
            for (int d = 0; d < corpus.size(); d++) {
                if (d % FOLDS != fold) {
                    rest.add(corpus.get(d));
                    restLexicons.add(lexicons.get(d));
                    restRates.add(rates.get(d));
                }
            }
            System.out.println("first stage, fold " + (fold + 1) + " of " + FOLDS);
            NerTagger tagger = new NerTagger(trainStage(labels, rest, restLexicons, restRates, null, epochs, seed),
                    foldLexicons[fold]);
            for (int d = fold; d < corpus.size(); d += FOLDS) {
                stage1.set(d, tagger.tagDocument(corpus.get(d).stream().map(ConllCorpus.Sentence::words).toList()));
            }
        }
        System.out.println("second stage");
        return first.withNext(trainStage(labels, corpus, lexicons, rates, stage1, epochs, seed)).withEntities(learnt);
    }

    /**
     * {@code -Dner.augment-lower=N}: every N-th block of {@value #FOLDS} documents is also learnt in lower case (words
     * lowercased, tags kept), so that the tagger meets names without their capitals (user text, WNUT-17) without
     * forgetting what capitals say. 0 (the default): no copies. A copy sits in its original's jackknife fold, so that no
     * first-stage model tags a copy of a document it learnt.
     */
    private static final int AUGMENT_LOWER = Integer.getInteger("ner.augment-lower", 0);

    /**
     * {@code -Dner.caseless=true}: the caseless model, learnt from the corpus in lower case only; the tagger uses it
     * for text without the capitals of edited prose (all lower case, or all capitals), lower-cased.
     */
    private static final boolean CASELESS = Boolean.getBoolean("ner.caseless");

    /**
     * {@code -Dner.augment-given=N}: every N-th block of {@value #FOLDS} documents is also learnt with each person's
     * name cut to its given name where the gazetteer knows it as one ("Bill Clinton said" as "Bill said"), so that a
     * lone given name, rare in the news and common in user text, is learnt as a person. 0 (the default): no copies.
     * Copies sit in their original's jackknife fold, as with {@link #AUGMENT_LOWER}.
     */
    private static final int AUGMENT_GIVEN = Integer.getInteger("ner.augment-given", 0);

    /**
     * {@code -Dner.silver=FILE}: documents tagged by another tagger (CoNLL format; {@code nlp-training/ner silver}),
     * learnt from after the gold documents, never taken into the entity phrases the model keeps. None by default.
     * {@code {fold}} in the name is the fold under cross-validation ({@code fold1}, {@code fold2}, …: silver tagged by
     * a tagger that did not learn that fold, as {@code -Dner.cv-models} writes them), and {@code all} otherwise.
     */
    private static final String SILVER = System.getProperty("ner.silver");

    /**
     * {@code -Dner.silver-weight=W}: how much a silver document counts against a gold one: each of its perceptron
     * updates is W instead of 1. 1 by default.
     */
    private static final float SILVER_WEIGHT = Float.parseFloat(System.getProperty("ner.silver-weight", "1"));
    private static final Map<String, List<List<ConllCorpus.Sentence>>> SILVER_FILES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The file of {@code -Dner.silver} for the cross-validation fold {@code fold} (0-based; -1: none). */
    static String silverFile(String pattern, int fold) {
        return pattern.replace("{fold}", fold < 0 ? "all" : "fold" + (fold + 1));
    }

    /** The silver documents for the cross-validation fold {@code fold} (0-based; -1: no cross-validation). */
    static List<List<ConllCorpus.Sentence>> silver(int fold) {
        if (SILVER == null) {
            return List.of();
        }
        return SILVER_FILES.computeIfAbsent(silverFile(SILVER, fold), f -> {
            try {
                return ConllCorpus.readDocuments(Path.of(f));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + f, e);
            }
        });
    }

    /** The corpus with the lower-case copies of {@link #AUGMENT_LOWER}, each in its original's fold (index mod FOLDS). */
    static List<List<ConllCorpus.Sentence>> augmented(List<List<ConllCorpus.Sentence>> corpus, int every) {
        return augmented(corpus, every, NerTrainer::lowerCased);
    }

    /** The corpus with a copy, made by {@code copy}, of every {@code every}-th block of documents, in its fold. */
    static List<List<ConllCorpus.Sentence>> augmented(List<List<ConllCorpus.Sentence>> corpus, int every,
            java.util.function.UnaryOperator<List<ConllCorpus.Sentence>> copy) {
        if (every <= 0) {
            return corpus;
        }
        List<List<ConllCorpus.Sentence>> out = new ArrayList<>();
        int blocks = corpus.size() / FOLDS;
        for (int b = 0; b * FOLDS < corpus.size(); b++) {
            List<List<ConllCorpus.Sentence>> block = corpus.subList(b * FOLDS, Math.min(corpus.size(), (b + 1) * FOLDS));
            out.addAll(block);
            if (b < blocks && b % every == 0) { // whole blocks only: positions keep their residue mod FOLDS
                block.forEach(d -> out.add(copy.apply(d)));
            }
        }
        return out;
    }

    /** The document with each person's name of two words or more cut to its first word, if that is a given name. */
    static List<ConllCorpus.Sentence> givenNamesOnly(List<ConllCorpus.Sentence> document) {
        NerLexicon lexicon = NerLexicon.bundled();
        List<ConllCorpus.Sentence> out = new ArrayList<>(document.size());
        for (ConllCorpus.Sentence sentence : document) {
            boolean[] dropped = new boolean[sentence.words().size()];
            NerTagger.chunks(sentence.tags(), (first, last, type) -> {
                if (type.equals("PER") && last > first && lexicon.gazetteerHas(sentence.words().get(first), "first")) {
                    for (int k = first + 1; k <= last; k++) {
                        dropped[k] = true;
                    }
                }
            });
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (int k = 0; k < dropped.length; k++) {
                if (!dropped[k]) {
                    words.add(sentence.words().get(k));
                    tags.add(sentence.tags().get(k));
                }
            }
            out.add(new ConllCorpus.Sentence(words, tags));
        }
        return out;
    }

    /** The document with the words as {@link Features#asConll} gives them to the tagger, tags unchanged. */
    static List<ConllCorpus.Sentence> asConll(List<ConllCorpus.Sentence> document) {
        return document.stream().map(s -> new ConllCorpus.Sentence(Features.asConll(List.of(s.words())).get(0),
                s.tags())).toList();
    }

    /** The document with every word in lower case, tags unchanged. */
    static List<ConllCorpus.Sentence> lowerCased(List<ConllCorpus.Sentence> document) {
        return recased(document, w -> w.toLowerCase(java.util.Locale.ROOT));
    }

    /** The document with every word in capitals, tags unchanged (robustness to all-caps text, in evaluation). */
    static List<ConllCorpus.Sentence> upperCased(List<ConllCorpus.Sentence> document) {
        return recased(document, w -> w.toUpperCase(java.util.Locale.ROOT));
    }

    private static List<ConllCorpus.Sentence> recased(List<ConllCorpus.Sentence> document,
                                                      java.util.function.UnaryOperator<String> recase) {
        return document.stream().map(s -> new ConllCorpus.Sentence(s.words().stream().map(recase).toList(),
                s.tags())).toList();
    }

    /** Entity phrases of the corpus with their types, leaving out the documents of one fold (-1: none). */
    static Map<String, String[]> entities(List<List<ConllCorpus.Sentence>> corpus, int leaveOut) {
        Map<String, String[]> entities = new HashMap<>();
        for (int d = 0; d < corpus.size(); d++) {
            if (d % FOLDS == leaveOut) {
                continue;
            }
            for (ConllCorpus.Sentence sentence : corpus.get(d)) {
                NerTagger.chunks(sentence.tags(), (first, last, type) -> entities.merge(
                        String.join(" ", sentence.words().subList(first, last + 1)), new String[] {type},
                        NerLexicon::union));
            }
        }
        return entities;
    }

    private static NerModel trainStage(List<String> labels, List<List<ConllCorpus.Sentence>> corpus,
                                       List<NerLexicon> lexicons, List<Float> rates, List<List<List<String>>> stage1,
                                       int epochs, long seed) {
        NerTrainer trainer = new NerTrainer(labels);
        trainer.viterbi = VITERBI && VITERBI_STAGES.contains(stage1 == null ? "1" : "2");
        List<Doc> docs = trainer.prepare(corpus, stage1, lexicons, rates);
        System.out.println("features kept: " + trainer.names.size());
        int size = trainer.names.size() * trainer.labels.length;
        trainer.weights = new float[size];
        trainer.totals = new double[size];
        trainer.stamps = new int[size];
        List<Doc> order = new ArrayList<>(docs);
        Random random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            Collections.shuffle(order, random);
            int errors = 0;
            int tokens = 0;
            for (Doc doc : order) {
                trainer.rate = doc.rate();
                errors += trainer.viterbi ? trainer.learnViterbi(doc) : trainer.learn(doc);
                for (List<String> w : doc.words()) {
                    tokens += w.size();
                }
            }
            System.out.printf("epoch %d: %.2f%% token errors%n", epoch + 1, 100.0 * errors / tokens);
        }
        return trainer.averaged();
    }

    /** Counts every feature (dynamic ones with the gold tags), keeps the frequent ones, precomputes static ids. */
    private List<Doc> prepare(List<List<ConllCorpus.Sentence>> corpus, List<List<List<String>>> stage1,
                              List<NerLexicon> lexicons, List<Float> rates) {
        Map<String, int[]> counts = new HashMap<>();
        List<String> features = new ArrayList<>(80);
        List<Doc> docs = new ArrayList<>();
        List<List<String[]>> staticNames = new ArrayList<>();
        for (int d = 0; d < corpus.size(); d++) {
            List<ConllCorpus.Sentence> document = corpus.get(d);
            List<List<String>> words = document.stream().map(ConllCorpus.Sentence::words).toList();
            List<List<String>> tags = document.stream().map(ConllCorpus.Sentence::tags).toList();
            Doc prepared = new Doc(words, new ArrayList<>(), new ArrayList<>(), tags,
                    stage1 == null ? null : stage1.get(d), rates.get(d));
            Features.Document doc = prepared.document();
            List<String[]> docStatic = new ArrayList<>();
            for (int s = 0; s < words.size(); s++) {
                Features.Sentence sentence = new Features.Sentence(words.get(s), s, lexicons.get(d));
                prepared.sentences().add(sentence);
                for (int i = 0; i < sentence.size(); i++) {
                    Features.extractStatic(sentence, doc, i, features);
                    String[] names = features.toArray(String[]::new);
                    docStatic.add(names);
                    if (viterbi) {
                        Features.extractTransition(sentence, i, NerTagger.previous(tags.get(s), i - 1), features);
                        Features.extractHistory(sentence, doc, i, features);
                    } else {
                        Features.extractDynamic(sentence, doc, i, NerTagger.previous(tags.get(s), i - 1),
                                NerTagger.previous(tags.get(s), i - 2), features);
                    }
                    for (String f : features) {
                        counts.computeIfAbsent(f, x -> new int[1])[0]++;
                    }
                    doc.record(words.get(s).get(i), tags.get(s).get(i));
                }
            }
            staticNames.add(docStatic);
            docs.add(prepared);
        }
        List<String> kept = new ArrayList<>();
        counts.forEach((f, c) -> {
            if (c[0] >= MIN_FEATURE_COUNT) {
                kept.add(f);
            }
        });
        Collections.sort(kept);
        for (String f : kept) {
            ids.put(f, names.size());
            names.add(f);
        }
        for (int d = 0; d < docs.size(); d++) {
            Doc doc = docs.get(d);
            int t = 0;
            for (Features.Sentence sentence : doc.sentences()) {
                int[][] sentenceIds = new int[sentence.size()][];
                for (int i = 0; i < sentence.size(); i++) {
                    sentenceIds[i] = toIds(List.of(staticNames.get(d).get(t++)));
                }
                doc.staticIds().add(sentenceIds);
            }
        }
        return docs;
    }

    private int[] toIds(List<String> features) {
        int[] out = new int[features.size()];
        int n = 0;
        for (String f : features) {
            Integer id = ids.get(f);
            if (id != null) {
                out[n++] = id;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** One pass of greedy decoding over a document, updating on every mistake; returns the mistakes. */
    private int learn(Doc doc) {
        Features.Document document = doc.document();
        List<String> dynamic = new ArrayList<>(16);
        float[] scores = new float[labels.length];
        int errors = 0;
        for (int s = 0; s < doc.sentences().size(); s++) {
            Features.Sentence sentence = doc.sentences().get(s);
            List<String> predicted = new ArrayList<>();
            for (int i = 0; i < sentence.size(); i++) {
                int[] staticIds = doc.staticIds().get(s)[i];
                dynamic.clear();
                Features.extractDynamic(sentence, document, i, NerTagger.previous(predicted, i - 1),
                        NerTagger.previous(predicted, i - 2), dynamic);
                int[] dynamicIds = toIds(dynamic);
                java.util.Arrays.fill(scores, 0f);
                add(staticIds, scores);
                add(dynamicIds, scores);
                int guess = 0;
                for (int k = 1; k < scores.length; k++) {
                    if (scores[k] > scores[guess]) {
                        guess = k;
                    }
                }
                int truth = labelIndex.get(doc.tags().get(s).get(i));
                step++;
                if (guess != truth) {
                    errors++;
                    update(staticIds, truth, guess);
                    update(dynamicIds, truth, guess);
                }
                predicted.add(labels[guess]);
                document.record(sentence.words.get(i), labels[guess]);
            }
        }
        return errors;
    }

    /**
     * One pass of Viterbi decoding over a document, sentence by sentence; where the best sequence differs from the
     * gold one, the gold sequence's features gain and the predicted one's lose (structured perceptron). The document's
     * prediction history is that before the sentence. Returns the mistaken tokens.
     */
    private int learnViterbi(Doc doc) {
        Features.Document document = doc.document();
        int n = labels.length;
        List<String> buffer = new ArrayList<>(16);
        int errors = 0;
        for (int s = 0; s < doc.sentences().size(); s++) {
            Features.Sentence sentence = doc.sentences().get(s);
            int m = sentence.size();
            int[][] emitIds = new int[m][];
            int[][][] transIds = new int[m][n + 1][];
            float[][] emit = new float[m][n];
            float[][][] trans = new float[m][n + 1][];
            for (int i = 0; i < m; i++) {
                buffer.clear();
                Features.extractHistory(sentence, document, i, buffer);
                int[] staticIds = doc.staticIds().get(s)[i];
                int[] historyIds = toIds(buffer);
                int[] all = java.util.Arrays.copyOf(staticIds, staticIds.length + historyIds.length);
                System.arraycopy(historyIds, 0, all, staticIds.length, historyIds.length);
                emitIds[i] = all;
                add(all, emit[i]);
                for (int p = i == 0 ? n : 0; p < (i == 0 ? n + 1 : n); p++) {
                    buffer.clear();
                    Features.extractTransition(sentence, i, p == n ? "<S>" : labels[p], buffer);
                    transIds[i][p] = toIds(buffer);
                    trans[i][p] = new float[n];
                    add(transIds[i][p], trans[i][p]);
                }
            }
            int[] predicted = viterbi(emit, trans, n);
            List<String> gold = doc.tags().get(s);
            for (int i = 0; i < m; i++) {
                int truth = labelIndex.get(gold.get(i));
                int guess = predicted[i];
                int truthPrev = i == 0 ? n : labelIndex.get(gold.get(i - 1));
                int guessPrev = i == 0 ? n : predicted[i - 1];
                step++;
                if (truth != guess) {
                    errors++;
                    update(emitIds[i], truth, guess);
                }
                if (truth != guess || truthPrev != guessPrev) {
                    for (int f : transIds[i][truthPrev]) {
                        update(f * n + truth, 1f);
                    }
                    for (int f : transIds[i][guessPrev]) {
                        update(f * n + guess, -1f);
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                document.record(sentence.words.get(i), labels[predicted[i]]);
            }
        }
        return errors;
    }

    /** The best valid IOB2 sequence given per-token scores and per-token, per-previous-label (n: start) scores. */
    private int[] viterbi(float[][] emit, float[][][] trans, int n) {
        return NerTagger.viterbi(emit, trans, n, labels);
    }

    private void add(int[] features, float[] scores) {
        int n = labels.length;
        for (int f : features) {
            int base = f * n;
            for (int k = 0; k < n; k++) {
                scores[k] += weights[base + k];
            }
        }
    }

    private void update(int[] features, int truth, int guess) {
        for (int f : features) {
            update(f * labels.length + truth, 1f);
            update(f * labels.length + guess, -1f);
        }
    }

    private void update(int slot, float delta) {
        totals[slot] += (double) (step - stamps[slot]) * weights[slot];
        stamps[slot] = step;
        weights[slot] += rate * delta;
    }

    private NerModel averaged() {
        Map<String, float[]> averaged = new HashMap<>();
        int n = labels.length;
        for (int f = 0; f < names.size(); f++) {
            float[] avg = new float[n];
            boolean any = false;
            for (int k = 0; k < n; k++) {
                int slot = f * n + k;
                double sum = totals[slot] + (double) (step - stamps[slot]) * weights[slot];
                // rounded to 3 decimals of a weight unit: smaller file, same decisions in practice
                avg[k] = Math.round(sum / step * 1000) / 1000f;
                any |= avg[k] != 0f;
            }
            if (any) {
                averaged.put(names.get(f), avg);
            }
        }
        if (viterbi) {
            averaged.put(NerModel.VITERBI, new float[n]);
        }
        return new NerModel(labels, averaged);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: NerTrainer TRAIN_FILE DEV_FILE OUTPUT_MODEL [EPOCHS]");
            System.exit(2);
        }
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        NerModel model = train(ConllCorpus.readDocuments(Path.of(args[0])), epochs, SEED);
        System.out.println("features: " + model.featureCount());
        Path output = Path.of(args[2]);
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        try (OutputStream out = Files.newOutputStream(output)) {
            model.write(out);
        }
        System.out.println("model written to " + output + " (" + Files.size(output) + " bytes)");
        NerEvaluation evaluation = NerEvaluation.evaluate(new NerTagger(model),
                ConllCorpus.readDocuments(Path.of(args[1])), System.out);
        System.out.printf("overall F1: %.2f%n", evaluation.overallF1());
    }
}
