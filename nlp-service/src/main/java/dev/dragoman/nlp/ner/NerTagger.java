package dev.dragoman.nlp.ner;

import dev.dragoman.common.api.EntityType;

import java.util.ArrayList;
import java.util.List;

/**
 * Tagging with the averaged-perceptron model, document by document and in two stages: the second stage sees the first
 * stage's tags of the whole document. Each stage decodes greedily left to right, or by Viterbi per sentence if it was
 * trained so (its model says which). Decoding keeps to valid IOB2 (BILOU) sequences; labels
 * come back in IOB2 (B-PER, I-PER, O, ...).
 */
public final class NerTagger {

    /** An entity span over tokens [first, last] of a sentence. */
    public record Span(int first, int last, EntityType type) {
    }

    private final NerModel model;
    private final NerLexicon lexicon;
    /**
     * Per label: its entity type ("PER"), or null for O; whether it continues an entity (I-, L-); whether it leaves
     * the entity open (B-, I- in BILOU: the next label must continue it).
     */
    private final String[] types;
    private final boolean[] continues;
    private final boolean[] open;
    private final boolean bilou;
    /** Transition weights of each stage trained for Viterbi decoding; null for a greedy stage. */
    private final Transitions firstTransitions;
    private final Transitions nextTransitions;

    /** Whether only the first stage tags (the fast tagger: about twice the speed, less accurate; README). */
    private final boolean firstStageOnly;
    /** The tagger of text without the capitals of edited prose ({@link Casing#caseless}), lower-cased; or null. */
    private final NerTagger caseless;

    public NerTagger(NerModel model) {
        this(model, false);
    }

    /** A tagger of the model's first stage only ({@code firstStageOnly}), or of both stages. */
    public NerTagger(NerModel model, boolean firstStageOnly) {
        this(model, null, firstStageOnly);
    }

    /**
     * A tagger that hands text without capitals (all lower case, or all capitals) to a model learnt from lower-cased
     * text ({@code caselessModel}, null: none), and all other text to {@code model}.
     */
    public NerTagger(NerModel model, NerModel caselessModel, boolean firstStageOnly) {
        this(model, NerLexicon.bundled().withLearned(model.entities()), firstStageOnly,
                caselessModel == null ? null : new NerTagger(caselessModel, firstStageOnly));
    }

    /** The service's tagger: the bundled model and the bundled caseless model, both stages or the first only. */
    public static NerTagger bundled(boolean firstStageOnly) {
        return new NerTagger(NerModels.bundled(), NerModels.caseless(), firstStageOnly);
    }

    NerTagger(NerModel model, NerLexicon lexicon) {
        this(model, lexicon, false, null);
    }

    private NerTagger(NerModel model, NerLexicon lexicon, boolean firstStageOnly, NerTagger caseless) {
        this.model = model;
        this.lexicon = lexicon;
        this.firstStageOnly = firstStageOnly;
        this.caseless = caseless;
        firstTransitions = model.viterbi() ? new Transitions(model) : null;
        nextTransitions = model.next() != null && model.next().viterbi() ? new Transitions(model.next()) : null;
        int n = model.labelCount();
        types = new String[n];
        continues = new boolean[n];
        open = new boolean[n];
        bilou = java.util.Arrays.stream(model.labels()).anyMatch(l -> l.startsWith("L-"));
        for (int k = 0; k < n; k++) {
            String label = model.label(k);
            types[k] = label.length() > 2 ? label.substring(2) : null;
            continues[k] = label.startsWith("I-") || label.startsWith("L-");
            open[k] = bilou && (label.startsWith("B-") || label.startsWith("I-"));
        }
    }

    /**
     * Repairs the edges of person names with the gazetteer, for text unlike the training news: a capitalised given
     * name right before a person ("President Volodymyr/O Zelensky/B-PER") joins it, and a place the tagger ran into
     * the end of a long name ("Sergei Lavrov Ankara") is a place again, and a name that is a known news outlet is an
     * organisation whatever type the tagger gave it ("Kyiv Independent", whose adjective reads as MISC). Returns
     * repaired copies of the tags.
     *
     * @param givenName given names known beyond the gazetteer (the linker's table)
     * @param outlet    names of news outlets (the linker's curated list), as the text writes them
     */
    public List<List<String>> repairNames(List<List<String>> sentences, List<List<String>> tagged,
                                          java.util.function.Predicate<String> givenName,
                                          java.util.function.Predicate<String> outlet) {
        List<List<String>> repaired = new ArrayList<>(tagged.size());
        for (int s = 0; s < sentences.size(); s++) {
            List<String> words = sentences.get(s);
            List<String> tags = new ArrayList<>(tagged.get(s));
            for (int i = 1; i < tags.size(); i++) {
                String before = words.get(i - 1);
                if (tags.get(i).equals("B-PER") && tags.get(i - 1).equals("O") && isName(before)
                        && (lexicon.gazetteerHas(before, "first") || givenName.test(before))) {
                    tags.set(i - 1, "B-PER");
                    tags.set(i, "I-PER");
                }
            }
            for (Span span : spans(tags)) {
                int length = span.last() - span.first() + 1;
                String last = words.get(span.last());
                if (span.type() == EntityType.PERSON && length >= 3 && !lexicon.gazetteerHas(last, "first")
                        && (lexicon.gazetteerHas(last, "city") || lexicon.gazetteerHas(last, "country"))) {
                    tags.set(span.last(), "B-LOC");
                }
                if (span.type() != EntityType.ORGANIZATION
                        && outlet.test(String.join(" ", words.subList(span.first(), span.last() + 1)))) {
                    for (int t = span.first(); t <= span.last(); t++) {
                        tags.set(t, (t == span.first() ? "B-" : "I-") + "ORG");
                    }
                }
            }
            repaired.add(tags);
        }
        return repaired;
    }

    private static boolean isName(String word) {
        return word.length() > 1 && Character.isUpperCase(word.charAt(0))
                && word.chars().skip(1).allMatch(Character::isLowerCase);
    }

    /** Tags one sentence as a document of its own. */
    public List<String> tag(List<String> words) {
        return tagDocument(List.of(words)).get(0);
    }

    /**
     * Tags the sentences of one document (an article) in order: what the document says about a word elsewhere
     * (capitalisation, earlier decisions) informs each of its occurrences.
     */
    public List<List<String>> tagDocument(List<List<String>> original) {
        List<List<String>> sentences = Features.asConll(original);
        if (caseless != null && Casing.caseless(sentences)) {
            return caseless.tagDocument(Casing.lowerCased(sentences));
        }
        Features.Document document = new Features.Document(sentences);
        List<Features.Sentence> views = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            views.add(new Features.Sentence(sentences.get(s), s, lexicon));
        }
        List<List<String>> tagged = toIob2(decode(model, document, views));
        if (model.next() == null) {
            // a first stage alone, as training tags eng.train for the second stage: its answers as they are
            return tagged;
        }
        if (Features.STAGE2 && !firstStageOnly) {
            document.secondStage(sentences, tagged);
            tagged = toIob2(decode(model.next(), document, views));
        }
        return withoutHonorifics(sentences, tagged);
    }

    /** Forms of address that begin a person's name in text but are no part of it (CoNLL-2003 leaves titles out). */
    private static final java.util.Set<String> HONORIFICS = java.util.Set.of("Mr", "Mrs", "Ms", "Mx", "Dr", "Messrs",
            "Mme", "Mlle", "Sir", "Dame");

    /**
     * A person's name the tagger began with a form of address ("Mr McConnell", as British news writes it without a
     * full stop) begins after it: the honorific is O. A rule of the answer, not of training: the first stage's tags
     * that the second stage reads are left as they were, as in training, so the model is what it was. Edited in
     * place; returns {@code tagged}.
     */
    static List<List<String>> withoutHonorifics(List<List<String>> sentences, List<List<String>> tagged) {
        for (int s = 0; s < tagged.size(); s++) {
            List<String> words = sentences.get(s);
            List<String> tags = tagged.get(s);
            for (int i = 0; i + 1 < tags.size(); i++) {
                String word = words.get(i);
                if (tags.get(i).equals("B-PER") && tags.get(i + 1).equals("I-PER")
                        && HONORIFICS.contains(word.endsWith(".") ? word.substring(0, word.length() - 1) : word)) {
                    tags.set(i, "O");
                    tags.set(i + 1, "B-PER");
                }
            }
        }
        return tagged;
    }

    /** Decoding of a document with the weights of one stage, by the decoder the stage was trained with. */
    private List<List<String>> decode(NerModel stage, Features.Document document, List<Features.Sentence> views) {
        return stage.viterbi() ? decodeViterbi(stage, document, views) : decodeGreedy(stage, document, views);
    }

    /**
     * Viterbi decoding, sentence by sentence (first order: features of the previous tag with the token); the
     * document's prediction history is that before the sentence.
     */
    private List<List<String>> decodeViterbi(NerModel stage, Features.Document document,
                                             List<Features.Sentence> views) {
        List<List<String>> tagged = new ArrayList<>(views.size());
        List<String> features = new ArrayList<>(96);
        int n = stage.labelCount();
        String[] labels = stage.labels();
        Transitions transitions = stage == model ? firstTransitions : nextTransitions;
        for (Features.Sentence sentence : views) {
            int m = sentence.size();
            float[][] emit = new float[m][n];
            float[][][] trans = new float[m][n + 1][n];
            for (int i = 0; i < m; i++) {
                Features.extractStatic(sentence, document, i, features);
                Features.extractHistory(sentence, document, i, features);
                stage.score(features, emit[i]);
                outsideOnly(sentence, i, emit[i], labels);
                transitions.score(sentence, i, trans[i]);
            }
            int[] best = viterbi(emit, trans, n, labels);
            List<String> tags = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                tags.add(labels[best[i]]);
                document.record(sentence.words.get(i), labels[best[i]]);
            }
            tagged.add(tags);
        }
        return tagged;
    }

    /** Rules out every label but O for a token that is never part of a name ({@link Features#symbol}). */
    static void outsideOnly(Features.Sentence sentence, int i, float[] scores, String[] labels) {
        if (sentence.symbol[i]) {
            for (int k = 0; k < scores.length; k++) {
                if (!labels[k].equals("O")) {
                    scores[k] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /**
     * The highest-scoring valid IOB2 label sequence: token i's label k scores emit[i][k] + trans[i][p][k] after label
     * p (p = n: the sentence start, at i = 0 only).
     */
    static int[] viterbi(float[][] emit, float[][][] trans, int n, String[] labels) {
        int m = emit.length;
        int[] out = new int[m];
        if (m == 0) {
            return out;
        }
        String[] types = new String[n];
        boolean[] continues = new boolean[n];
        for (int k = 0; k < n; k++) {
            types[k] = labels[k].length() > 2 ? labels[k].substring(2) : null;
            continues[k] = labels[k].startsWith("I-");
        }
        float[][] delta = new float[m][n];
        int[][] back = new int[m][n];
        for (int k = 0; k < n; k++) {
            delta[0][k] = continues[k] ? Float.NEGATIVE_INFINITY : emit[0][k] + trans[0][n][k];
        }
        for (int i = 1; i < m; i++) {
            for (int k = 0; k < n; k++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = -1;
                for (int p = 0; p < n; p++) {
                    if (delta[i - 1][p] == Float.NEGATIVE_INFINITY
                            || continues[k] && (types[p] == null || !types[p].equals(types[k]))) {
                        continue;
                    }
                    float score = delta[i - 1][p] + trans[i][p][k];
                    if (arg < 0 || score > best) {
                        best = score;
                        arg = p;
                    }
                }
                delta[i][k] = arg < 0 ? Float.NEGATIVE_INFINITY : best + emit[i][k];
                back[i][k] = arg;
            }
        }
        int last = -1;
        for (int k = 0; k < n; k++) {
            if (delta[m - 1][k] != Float.NEGATIVE_INFINITY && (last < 0 || delta[m - 1][k] > delta[m - 1][last])) {
                last = k;
            }
        }
        for (int i = m - 1; i >= 0; i--) {
            out[i] = last;
            last = back[i][last];
        }
        return out;
    }

    /**
     * The weights of a Viterbi stage's transition features ({@link Features#extractTransition}) indexed by the token's
     * word, shape and next word, then by the previous label (n: the sentence start), so that a token needs three
     * look-ups instead of four per previous label.
     */
    static final class Transitions {
        private final int n;
        private final float[][] base;
        private final java.util.Map<String, float[][]> byWord = new java.util.HashMap<>();
        private final java.util.Map<String, float[][]> byShape = new java.util.HashMap<>();
        private final java.util.Map<String, float[][]> byNext = new java.util.HashMap<>();

        Transitions(NerModel stage) {
            n = stage.labelCount();
            base = new float[n + 1][];
            java.util.Map<String, Integer> index = new java.util.HashMap<>();
            for (int k = 0; k < n; k++) {
                index.put(stage.label(k), k);
            }
            index.put("<S>", n);
            stage.forEachWeight((name, w) -> {
                java.util.Map<String, float[][]> table;
                String rest;
                if (name.startsWith("t-1=")) {
                    Integer p = index.get(name.substring(4));
                    if (p != null) {
                        base[p] = w;
                    }
                    return;
                } else if (name.startsWith("t-1&w=")) {
                    table = byWord;
                    rest = name.substring(6);
                } else if (name.startsWith("t-1&s=")) {
                    table = byShape;
                    rest = name.substring(6);
                } else if (name.startsWith("t-1&w+1=")) {
                    table = byNext;
                    rest = name.substring(8);
                } else {
                    return;
                }
                int bar = rest.indexOf('|');
                Integer p = bar < 0 ? null : index.get(rest.substring(0, bar));
                if (p != null) {
                    table.computeIfAbsent(rest.substring(bar + 1), x -> new float[n + 1][])[p] = w;
                }
            });
        }

        /** Fills scores[p][k] (p = n: start, at token 0 only) for token i. */
        void score(Features.Sentence sentence, int i, float[][] scores) {
            float[][] word = byWord.get(sentence.lower[i]);
            float[][] shape = byShape.get(sentence.shortShape[i]);
            float[][] next = byNext.get(i + 1 < sentence.size() ? sentence.lower[i + 1] : "</S>");
            int from = i == 0 ? n : 0;
            int to = i == 0 ? n : n - 1;
            for (int p = from; p <= to; p++) {
                float[] out = scores[p];
                add(base[p], out);
                if (word != null) {
                    add(word[p], out);
                }
                if (shape != null) {
                    add(shape[p], out);
                }
                if (next != null) {
                    add(next[p], out);
                }
            }
        }

        private static void add(float[] w, float[] out) {
            if (w != null) {
                for (int k = 0; k < out.length; k++) {
                    out[k] += w[k];
                }
            }
        }
    }

    /** Greedy left-to-right decoding of a document with the weights of one stage. */
    private List<List<String>> decodeGreedy(NerModel stage, Features.Document document,
                                            List<Features.Sentence> views) {
        List<List<String>> tagged = new ArrayList<>(views.size());
        List<String> features = new ArrayList<>(96);
        float[] scores = new float[stage.labelCount()];
        String[] labels = stage.labels();
        for (Features.Sentence sentence : views) {
            List<String> tags = new ArrayList<>(sentence.size());
            int last = -1;
            for (int i = 0; i < sentence.size(); i++) {
                Features.extractStatic(sentence, document, i, features);
                Features.extractDynamic(sentence, document, i, previous(tags, i - 1), previous(tags, i - 2), features);
                stage.score(features, scores);
                outsideOnly(sentence, i, scores, labels);
                last = best(scores, last);
                String tag = stage.label(last);
                tags.add(tag);
                document.record(sentence.words.get(i), tag);
            }
            tagged.add(tags);
        }
        return tagged;
    }

    /** BILOU labels (U- single-token entity, L- last token) as IOB2 (U- as B-, L- as I-); IOB2 labels unchanged. */
    static List<List<String>> toIob2(List<List<String>> sentences) {
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (List<String> tags : sentences) {
            List<String> converted = new ArrayList<>(tags.size());
            for (String tag : tags) {
                if (tag.startsWith("U-")) {
                    tag = "B-" + tag.substring(2);
                } else if (tag.startsWith("L-")) {
                    tag = "I-" + tag.substring(2);
                }
                converted.add(tag);
            }
            out.add(converted);
        }
        return out;
    }

    /** IOB2 tags as BILOU: the last token of an entity L-, a single-token entity U-. */
    static List<String> toBilou(List<String> tags) {
        List<String> out = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            String next = i + 1 < tags.size() ? tags.get(i + 1) : "O";
            boolean ends = !(next.startsWith("I-") && next.substring(2).equals(tag.length() > 2 ? tag.substring(2) : ""));
            if (tag.startsWith("B-") && ends) {
                tag = "U-" + tag.substring(2);
            } else if (tag.startsWith("I-") && ends) {
                tag = "L-" + tag.substring(2);
            }
            out.add(tag);
        }
        return out;
    }

    /** Highest-scoring label that is a valid continuation of the previous label (index, -1 at the start). */
    private int best(float[] scores, int prev) {
        String prevType = prev < 0 ? null : types[prev];
        int best = -1;
        for (int k = 0; k < scores.length; k++) {
            boolean allowed;
            if (bilou) {
                allowed = prev >= 0 && open[prev] ? continues[k] && prevType.equals(types[k]) : !continues[k];
            } else {
                allowed = !continues[k] || prevType != null && prevType.equals(types[k]);
            }
            if (!allowed) {
                continue;
            }
            if (best < 0 || scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }

    static String previous(List<String> tags, int i) {
        return i < 0 ? "<S>" : tags.get(i);
    }

    public static List<Span> spans(List<String> tags) {
        List<Span> spans = new ArrayList<>();
        chunks(tags, (first, last, type) -> spans.add(new Span(first, last, typeOf(type))));
        return spans;
    }

    /** Receives each entity chunk of an IOB2 tag sequence: token range and CoNLL type (PER, LOC, ...). */
    interface ChunkSink {
        void accept(int first, int last, String type);
    }

    /** Splits IOB2 tags into entity chunks with conlleval's rules (an I- of another type starts a new chunk). */
    static void chunks(List<String> tags, ChunkSink sink) {
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            boolean continues = tag.startsWith("I-") && type != null && tag.substring(2).equals(type);
            if (!continues && type != null) {
                sink.accept(start, i - 1, type);
                type = null;
            }
            if (!continues && !"O".equals(tag)) {
                start = i;
                type = tag.substring(2);
            }
        }
    }

    public static EntityType typeOf(String conllType) {
        return switch (conllType) {
            case "PER" -> EntityType.PERSON;
            case "ORG" -> EntityType.ORGANIZATION;
            case "LOC" -> EntityType.LOCATION;
            default -> EntityType.MISC;
        };
    }
}
