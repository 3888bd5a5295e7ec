package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The features the tagger sees for one token. Static ones depend on the text only: form, shape, affixes, neighbours,
 * word clusters, gazetteer matches, capitalisation elsewhere in the document. Dynamic ones depend on earlier
 * decisions: the two previous tags and the types given to the same word earlier in the document.
 */
final class Features {

    /** Feature groups that can be switched off for ablations: {@code -Dner.ablate=clusters,gazetteer,document,history}. */
    static final boolean CLUSTERS = !ablated("clusters");
    static final boolean GAZETTEER = !ablated("gazetteer");
    static final boolean DOCUMENT = !ablated("document");
    static final boolean HISTORY = !ablated("history");
    static final boolean STAGE2 = !ablated("stage2");
    static final boolean LEARNED = !ablated("learned");
    static final boolean EXTRA = !ablated("extra");
    /**
     * How the news writes the word, in lower case or capitalised ({@link NerLexicon#CASING}): an experiment of
     * training and evaluation ({@code -Dner.casing=true}), tried and not adopted (README "How the setting was chosen").
     */
    static final boolean CASING = Boolean.getBoolean("ner.casing") && !ablated("casing");
    /**
     * Codes of the contextual vectors a small pretrained encoder gives each token (clusters and product-quantiser
     * codes, per sentence, from the file {@code -Dner.context} names; {@code nlp-training/ner context}): an experiment
     * of training and evaluation, tried and not adopted (README "How the setting was chosen"). Keyed by the sentence's
     * lower-cased tokens: the encoder is uncased. {@code -Dner.context-stage2=true}: in the second stage only.
     */
    private static final Map<String, int[][]> CONTEXT = readContext(System.getProperty("ner.context"));
    private static final boolean CONTEXT_STAGE2 = Boolean.getBoolean("ner.context-stage2");
    /**
     * Codes of the vector the same encoder gives each word alone (lower-cased word, TAB, codes; from the gzipped file
     * {@code -Dner.word-codes} names; {@code nlp-training/ner word-codes}): an experiment of training and evaluation.
     */
    private static final Map<String, int[]> WORD_CODES = readWordCodes(System.getProperty("ner.word-codes"));

    private static final String[] TYPES = {"PER", "LOC", "ORG", "MISC", "O"};
    private static final String[] HISTORY_ANY = {"h=PER", "h=LOC", "h=ORG", "h=MISC", "h=O"};
    private static final String[] HISTORY_MAJORITY = {"hm=PER", "hm=LOC", "hm=ORG", "hm=MISC", "hm=O"};

    private Features() {
    }

    private static boolean ablated(String group) {
        String ablate = System.getProperty("ner.ablate", "");
        return ablate.contains(group);
    }

    /**
     * The codes of {@code -Dner.context} (files separated by commas): per line the sentence's tokens joined by U+0001,
     * then a column per code.
     */
    private static Map<String, int[][]> readContext(String files) {
        if (files == null) {
            return null;
        }
        Map<String, int[][]> map = new HashMap<>();
        for (String file : files.split(",")) {
            try (Stream<String> lines = Files.lines(Path.of(file))) {
                lines.forEach(line -> {
                    String[] columns = line.split("\t");
                    int[][] codes = new int[columns.length - 1][];
                    for (int k = 1; k < columns.length; k++) {
                        codes[k - 1] = Arrays.stream(columns[k].split(",")).mapToInt(Integer::parseInt).toArray();
                    }
                    map.put(columns[0].toLowerCase(Locale.ROOT), codes);
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return map;
    }

    private static Map<String, int[]> readWordCodes(String file) {
        if (file == null) {
            return null;
        }
        Map<String, int[]> map = new HashMap<>(1 << 18);
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(file))),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t");
                int[] codes = new int[columns.length - 1];
                for (int k = 1; k < columns.length; k++) {
                    codes[k - 1] = Integer.parseInt(columns[k]);
                }
                map.put(columns[0], codes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return map;
    }

    /** What the document says about its words: which appear lowercased or capitalised mid-sentence, past decisions. */
    static final class Document {
        private final Set<String> lowercased = new HashSet<>();
        private final Set<String> capitalised = new HashSet<>();
        private final Map<String, int[]> history = new HashMap<>();
        /** The document's topic when its first line says so, as in "SOCCER - ...", "TENNIS - ..."; else null. */
        private final String topic;
        /** First-stage tags of the document's sentences (second stage only), and what they say per word. */
        private List<List<String>> stage1;
        private final Map<String, int[]> stage1Types = new HashMap<>();

        Document(List<List<String>> sentences) {
            List<String> first = sentences.isEmpty() ? List.of() : sentences.get(0);
            topic = DOCUMENT && first.size() > 2 && first.get(1).equals("-") && first.get(0).length() > 2
                    && first.get(0).chars().allMatch(Character::isUpperCase) ? first.get(0) : null;
            if (!DOCUMENT) {
                return;
            }
            for (List<String> words : sentences) {
                boolean caps = allCaps(words);
                for (int i = 0; i < words.size(); i++) {
                    String w = words.get(i);
                    char c = w.charAt(0);
                    if (Character.isLowerCase(c)) {
                        lowercased.add(w);
                    } else if (i > 0 && !caps && Character.isUpperCase(c) && w.length() > 1
                            && Character.isLowerCase(w.charAt(w.length() - 1))) {
                        capitalised.add(w.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }

        /**
         * Starts the second stage: forgets the decisions recorded so far and aggregates the first-stage tags: for each
         * capitalised word, the types it was given anywhere in the document.
         */
        void secondStage(List<List<String>> sentences, List<List<String>> tags) {
            history.clear();
            stage1 = tags;
            for (int s = 0; s < sentences.size(); s++) {
                List<String> words = sentences.get(s);
                List<String> t = tags.get(s);
                for (int i = 0; i < words.size(); i++) {
                    String w = words.get(i);
                    if (!Character.isUpperCase(w.charAt(0))) {
                        continue;
                    }
                    String lower = w.toLowerCase(Locale.ROOT);
                    String tag = t.get(i);
                    int type = tag.length() > 2 ? typeIndex(tag.substring(2)) : 4;
                    stage1Types.computeIfAbsent(lower, x -> new int[TYPES.length])[type]++;
                }
            }
        }

        /** Remembers the type given to a capitalised word, for the history features of its later occurrences. */
        void record(String word, String tag) {
            if (!HISTORY || !Character.isUpperCase(word.charAt(0))) {
                return;
            }
            int type = tag.length() > 2 ? typeIndex(tag.substring(2)) : 4;
            history.computeIfAbsent(word.toLowerCase(Locale.ROOT), w -> new int[TYPES.length])[type]++;
        }

        private static int typeIndex(String type) {
            for (int k = 0; k < 4; k++) {
                if (TYPES[k].equals(type)) {
                    return k;
                }
            }
            return 3;
        }
    }

    /** Per-sentence view: lowercased words, short shapes, gazetteer marks; computed once per sentence. */
    static final class Sentence {
        final List<String> words;
        final String[] lower;
        final String[] shortShape;
        final String[][] clusters;
        final String[][] gazetteer; // per token, "B-city", "I-city", ...
        final boolean allCaps;
        final boolean[] inQuotes;
        /** Tokens that are never part of a name ({@link #symbol}): the decoders give them O. */
        final boolean[] symbol;
        /** Index of the sentence in its document. */
        final int index;
        /** Per granularity, per token, the cluster of its contextual vector; null without. */
        final int[][] context;

        final NerLexicon lexicon;
        /** A line of a table: at least a third of its tokens are numbers ("Milan 3 2 1 0 5 3 7"). */
        final boolean numeric;

        Sentence(List<String> words, int index, NerLexicon lexicon) {
            this.words = words;
            this.lexicon = lexicon;
            this.index = index;
            int n = words.size();
            // the encoder is uncased: lower-cased and upper-cased copies of a sentence have its codes
            context = CONTEXT == null ? null : CONTEXT.get(String.join("\u0001", words).toLowerCase(Locale.ROOT));
            lower = new String[n];
            shortShape = new String[n];
            clusters = new String[n][];
            gazetteer = new String[n][];
            inQuotes = new boolean[n];
            symbol = new boolean[n];
            allCaps = allCaps(words);
            int numbers = 0;
            for (String w : words) {
                if (Character.isDigit(w.charAt(0))) {
                    numbers++;
                }
            }
            numeric = n > 2 && numbers * 3 >= n;
            boolean quoted = false;
            for (int i = 0; i < n; i++) {
                String w = words.get(i);
                lower[i] = w.toLowerCase(Locale.ROOT);
                shortShape[i] = shortShape(w);
                symbol[i] = symbol(w);
                if (CLUSTERS) {
                    clusters[i] = lexicon.clusters(w);
                }
                if (w.equals("\"") || w.equals("\u201c") || w.equals("\u201d")) {
                    quoted = !quoted;
                } else {
                    inQuotes[i] = quoted;
                }
            }
            if (GAZETTEER) {
                matchGazetteer(lexicon);
            }
        }

        private void matchGazetteer(NerLexicon lexicon) {
            match(lexicon.gazetteer(), "");
            match(lexicon.learned(), "t:");
        }

        /** Marks every token covered by a phrase of the gazetteer: B-/I- and the category (suffix 1: one token). */
        private void match(NerLexicon.Phrases phrases, String prefix) {
            int n = words.size();
            StringBuilder phrase = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (!Character.isUpperCase(words.get(i).charAt(0))) {
                    continue;
                }
                phrase.setLength(0);
                for (int j = i; j < n && j < i + phrases.longest; j++) {
                    if (j > i) {
                        phrase.append(' ');
                    }
                    phrase.append(words.get(j));
                    String[] categories = phrases.get(phrase.toString(), allCaps);
                    if (categories == null) {
                        continue;
                    }
                    for (String category : categories) {
                        for (int k = i; k <= j; k++) {
                            add(k, (k == i ? "B-" : "I-") + prefix + category + (j == i ? "1" : ""));
                        }
                    }
                }
            }
        }

        private void add(int token, String mark) {
            String[] old = gazetteer[token];
            if (old == null) {
                gazetteer[token] = new String[] {mark};
            } else {
                String[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = mark;
                gazetteer[token] = grown;
            }
        }

        int size() {
            return words.size();
        }
    }

    /** Fills {@code out} (cleared first) with the features of token i that do not depend on earlier decisions. */
    static void extractStatic(Sentence s, Document doc, int i, List<String> out) {
        out.clear();
        String w = s.words.get(i);
        String lower = s.lower[i];
        String ss = s.shortShape[i];
        out.add("b");
        out.add("w=" + w);
        out.add("l=" + lower);
        out.add("s=" + shape(w));
        out.add("ss=" + ss);
        int n = w.length();
        for (int k = 1; k <= 4 && k < n; k++) {
            out.add("p" + k + "=" + lower.substring(0, k));
            out.add("x" + k + "=" + lower.substring(n - k));
        }
        if (i == 0) {
            out.add("first&ss=" + ss);
        }
        String w1 = lower(s, i - 1);
        String w2 = lower(s, i - 2);
        String n1 = lower(s, i + 1);
        String n2 = lower(s, i + 2);
        String ss1 = shortShape(s, i - 1);
        String ssn1 = shortShape(s, i + 1);
        out.add("w-1=" + w1);
        out.add("w-2=" + w2);
        out.add("w+1=" + n1);
        out.add("w+2=" + n2);
        out.add("s-1=" + ss1);
        out.add("s+1=" + ssn1);
        out.add("s-1&s&s+1=" + ss1 + "|" + ss + "|" + ssn1);
        out.add("w-1&w=" + w1 + "|" + lower);
        out.add("w&w+1=" + lower + "|" + n1);
        out.add("x3-1=" + suffix(w1, 3));
        out.add("x3+1=" + suffix(n1, 3));
        if (s.allCaps) {
            out.add("caps-line&ss=" + ss);
        }
        if (EXTRA && s.numeric) {
            out.add("numeric-line&ss=" + ss + "|" + (i == 0));
        }
        if (EXTRA && doc.topic != null) {
            out.add("topic&ss=" + doc.topic + "|" + ss);
        }
        int hyphen = w.indexOf('-', 1);
        if (EXTRA && hyphen > 0 && hyphen < n - 1) {
            // "Ohio-based", "ex-Milan", "Russian-born": what the parts are
            String head = w.substring(0, hyphen);
            String tail = w.substring(w.lastIndexOf('-') + 1);
            out.add("h-tail=" + tail.toLowerCase(Locale.ROOT));
            out.add("h-head&tail=" + shortShape(head) + "|" + shortShape(tail));
            out.add("h-head=" + head.toLowerCase(Locale.ROOT));
            if (CLUSTERS) {
                String[] headClusters = s.lexicon.clusters(head);
                String[] tailClusters = s.lexicon.clusters(tail);
                out.add("h-head-c2=" + (headClusters == null ? "-" : headClusters[2]));
                out.add("h-tail-c2=" + (tailClusters == null ? "-" : tailClusters[2]));
            }
            if (GAZETTEER) {
                for (String part : new String[] {head, tail}) {
                    String[] g = s.lexicon.gazetteer().get(part, false);
                    if (g != null) {
                        for (String category : g) {
                            out.add("h-g=" + (part == head ? "head:" : "tail:") + category);
                        }
                    }
                }
            }
        }
        if (s.inQuotes[i]) {
            out.add("quoted&ss=" + ss);
        }
        if (CASING && Character.isLetter(w.charAt(0))) {
            // a capitalised word the news writes in lower case ("Nice", "Hope") is seldom a name, and the reverse
            String casing = s.lexicon.casing(lower);
            out.add("lc=" + casing + "|" + ss);
            if (i == 0 || s.allCaps) {
                out.add("lc0=" + casing + "|" + ss);
            }
        }
        if (CLUSTERS) {
            String[] c = s.clusters[i];
            if (c != null) {
                for (String cluster : c) {
                    out.add(cluster);
                }
                out.add("c3&ss=" + c[3] + "|" + ss);
                if (doc.topic != null) {
                    out.add("topic&c1=" + doc.topic + "|" + c[1]);
                }
            } else {
                out.add("c=none&ss=" + ss);
            }
            String[] before = i > 0 ? s.clusters[i - 1] : null;
            String[] after = i + 1 < s.size() ? s.clusters[i + 1] : null;
            out.add("c-1:" + (before == null ? "-" : before[2]));
            out.add("c+1:" + (after == null ? "-" : after[2]));
            out.add("c-1:" + (before == null ? "-" : before[3]));
            out.add("c+1:" + (after == null ? "-" : after[3]));
            if (EXTRA) {
                String[] before2 = i > 1 ? s.clusters[i - 2] : null;
                String[] after2 = i + 2 < s.size() ? s.clusters[i + 2] : null;
                out.add("c-2:" + (before2 == null ? "-" : before2[2]));
                out.add("c+2:" + (after2 == null ? "-" : after2[2]));
                out.add("c-1&c:" + (before == null ? "-" : before[2]) + "|" + (c == null ? "-" : c[2]));
                out.add("c&c+1:" + (c == null ? "-" : c[2]) + "|" + (after == null ? "-" : after[2]));
            }
        }
        if (s.context != null && (!CONTEXT_STAGE2 || doc.stage1 != null)) {
            // the token's cluster at two sizes (with its shape), its product-quantiser codes, its neighbours' clusters
            int[][] c = s.context;
            out.add("e0=" + c[0][i]);
            out.add("e1=" + c[1][i]);
            for (int k = 2; k < c.length; k++) {
                out.add("q" + k + "=" + c[k][i]);
            }
            out.add("e1&ss=" + c[1][i] + "|" + ss);
            out.add("e0-1=" + (i > 0 ? c[0][i - 1] : "-"));
            out.add("e0+1=" + (i + 1 < s.size() ? c[0][i + 1] : "-"));
        }
        if (WORD_CODES != null) {
            int[] v = WORD_CODES.get(lower);
            if (v == null) {
                out.add("v=none&ss=" + ss);
            } else {
                out.add("v0=" + v[0]);
                out.add("v1=" + v[1]);
                for (int k = 2; k < v.length; k++) {
                    out.add("vq" + k + "=" + v[k]);
                }
                out.add("v1&ss=" + v[1] + "|" + ss);
            }
            int[] before = i > 0 ? WORD_CODES.get(s.lower[i - 1]) : null;
            int[] after = i + 1 < s.size() ? WORD_CODES.get(s.lower[i + 1]) : null;
            out.add("v0-1=" + (before == null ? "-" : before[0]));
            out.add("v0+1=" + (after == null ? "-" : after[0]));
        }
        if (GAZETTEER) {
            String[] g = s.gazetteer[i];
            if (g != null) {
                for (String mark : g) {
                    out.add("g=" + mark);
                }
            }
            if (i > 0 && s.gazetteer[i - 1] != null) {
                for (String mark : s.gazetteer[i - 1]) {
                    out.add("g-1=" + mark);
                }
            }
            if (i + 1 < s.size() && s.gazetteer[i + 1] != null) {
                for (String mark : s.gazetteer[i + 1]) {
                    out.add("g+1=" + mark);
                }
            }
        }
        if (DOCUMENT && Character.isUpperCase(w.charAt(0))) {
            if (doc.lowercased.contains(lower)) {
                out.add("doc-lower&first=" + (i == 0 || s.allCaps));
            }
            if ((i == 0 || s.allCaps || isAllCaps(w)) && doc.capitalised.contains(lower)) {
                out.add("doc-capitalised");
            }
        }
        extractStage2(s, doc, i, out);
    }

    /** Appends the second-stage features: first-stage tags around token i, and across the document for its word. */
    static void extractStage2(Sentence s, Document doc, int i, List<String> out) {
        if (doc.stage1 == null) {
            return;
        }
        List<String> tags = doc.stage1.get(s.index);
        String here = tags.get(i);
        String before = i > 0 ? tags.get(i - 1) : "<S>";
        String after = i + 1 < tags.size() ? tags.get(i + 1) : "</S>";
        out.add("s1=" + here);
        out.add("s1-1&s1=" + before + "|" + here);
        out.add("s1&s1+1=" + here + "|" + after);
        if (!Character.isUpperCase(s.words.get(i).charAt(0))) {
            return;
        }
        String lower = s.lower[i];
        int self = here.length() > 2 ? Document.typeIndex(here.substring(2)) : 4;
        int[] types = doc.stage1Types.get(lower);
        if (types != null) {
            int best = -1;
            for (int k = 0; k < types.length; k++) {
                int others = types[k] - (k == self ? 1 : 0);
                if (others > 0) {
                    out.add("a=" + TYPES[k]);
                    if (best < 0 || others > types[best] - (best == self ? 1 : 0)) {
                        best = k;
                    }
                }
            }
            if (best >= 0) {
                out.add("am=" + TYPES[best] + "|" + here);
            }
        }
    }

    /** Appends the features of token i that depend on the previous tags and on the document's past decisions. */
    static void extractDynamic(Sentence s, Document doc, int i, String prev, String prev2, List<String> out) {
        String lower = s.lower[i];
        String ss = s.shortShape[i];
        out.add("t-1=" + prev);
        out.add("t-2=" + prev2 + "|" + prev);
        out.add("t-1&w=" + prev + "|" + lower);
        out.add("t-1&s=" + prev + "|" + ss);
        out.add("t-1&w+1=" + prev + "|" + lower(s, i + 1));
        extractHistory(s, doc, i, out);
    }

    /**
     * The features of token i that pair the previous tag with the token (Viterbi decoding: first order, so the tag
     * before the previous one is not among them); appended to {@code out}.
     */
    static void extractTransition(Sentence s, int i, String prev, List<String> out) {
        out.add("t-1=" + prev);
        out.add("t-1&w=" + prev + "|" + s.lower[i]);
        out.add("t-1&s=" + prev + "|" + s.shortShape[i]);
        out.add("t-1&w+1=" + prev + "|" + lower(s, i + 1));
    }

    /** Appends the types given to token i's word earlier in the document (extended prediction history). */
    static void extractHistory(Sentence s, Document doc, int i, List<String> out) {
        String lower = s.lower[i];
        if (HISTORY && Character.isUpperCase(s.words.get(i).charAt(0))) {
            int[] h = doc.history.get(lower);
            if (h != null) {
                int best = 0;
                for (int k = 0; k < h.length; k++) {
                    if (h[k] > 0) {
                        out.add(HISTORY_ANY[k]);
                    }
                    if (h[k] > h[best]) {
                        best = k;
                    }
                }
                out.add(HISTORY_MAJORITY[best]);
            }
        }
    }

    private static String lower(Sentence s, int i) {
        if (i < 0) {
            return "<S>";
        }
        return i >= s.size() ? "</S>" : s.lower[i];
    }

    private static String shortShape(Sentence s, int i) {
        if (i < 0) {
            return "<S>";
        }
        return i >= s.size() ? "</S>" : s.shortShape[i];
    }

    static boolean allCaps(List<String> words) {
        int letters = 0;
        for (String w : words) {
            for (int k = 0; k < w.length(); k++) {
                char c = w.charAt(k);
                if (Character.isLowerCase(c)) {
                    return false;
                }
                if (Character.isLetter(c)) {
                    letters++;
                }
            }
        }
        return letters > 1;
    }

    private static boolean isAllCaps(String w) {
        for (int k = 0; k < w.length(); k++) {
            if (Character.isLowerCase(w.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The sentences as CoNLL-2003 writes them, which is how the model learnt words: typographic apostrophes and single
     * quotes (U+2019, U+2018, U+02BC) as {@code '}, typographic double quotes (U+201C, U+201D) as {@code "}, the en
     * dash as {@code -}, the em dash as {@code --} and the ellipsis as {@code ...}. Today's news writes "Putinʼs" and
     * “yes”; a word the model never saw beside a name ("ʼs") told it nothing, and seed 002's "Putin ʼs aide"
     * was missed where "Putin 's aide" is a person. The same list when nothing changes.
     */
    static List<List<String>> asConll(List<List<String>> sentences) {
        boolean any = false;
        for (List<String> words : sentences) {
            for (String w : words) {
                any |= typographic(w);
            }
        }
        if (!any) {
            return sentences;
        }
        return sentences.stream().map(words -> words.stream().map(w -> typographic(w) ? conll(w) : w).toList())
                .toList();
    }

    private static String conll(String word) {
        return switch (word) {
            case "\u2014" -> "--"; // em dash: CoNLL-2003 writes "--"
            case "\u2026" -> "..."; // ellipsis
            default -> word.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02bc', '\'')
                    .replace('\u201c', '"').replace('\u201d', '"').replace('\u2013', '-');
        };
    }

    private static boolean typographic(String w) {
        for (int k = 0; k < w.length(); k++) {
            char c = w.charAt(k);
            if (c == '\u2019' || c == '\u2018' || c == '\u02bc' || c == '\u201c' || c == '\u201d' || c == '\u2013'
                    || c == '\u2014' || c == '\u2026') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a token is made only of symbols (emoji, arrows, {@code < > = + # @ * _ | ~}, currency signs), question
     * marks and the joiners and variation selectors of emoji (the tokenizer makes each of these a token): no name of
     * the training news contains one (its names hold letters, digits and at most {@code & / , ( ) ' " . : ! -}), while
     * user text puts them right after names ("Morty 😂", "Ledger > > >").
     */
    static boolean symbol(String w) {
        for (int k = 0; k < w.length(); ) {
            int cp = w.codePointAt(k);
            k += Character.charCount(cp);
            switch (Character.getType(cp)) {
                case Character.MATH_SYMBOL, Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL,
                     Character.CURRENCY_SYMBOL, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                     Character.FORMAT -> {
                    // emoji variation selectors, keycaps and zero-width joiners go with the symbols around them
                }
                default -> {
                    if ("#@*_|~?".indexOf(cp) < 0) {
                        return false;
                    }
                }
            }
        }
        return !w.isEmpty();
    }

    private static String suffix(String lower, int k) {
        return lower.length() <= k ? lower : lower.substring(lower.length() - k);
    }

    /** "Lavrov" -> "Xxxxxx", "U.S." -> "X.X.", "2025" -> "dddd". */
    static String shape(String w) {
        StringBuilder shape = new StringBuilder(Math.min(w.length(), 12));
        for (int i = 0; i < w.length() && i < 12; i++) {
            shape.append(kind(w.charAt(i)));
        }
        return shape.toString();
    }

    /** Runs of the same kind folded: "Lavrov" -> "Xx", "Russia-US" -> "Xx-X". */
    static String shortShape(String w) {
        StringBuilder shape = new StringBuilder(6);
        char last = 0;
        for (int i = 0; i < w.length(); i++) {
            char kind = kind(w.charAt(i));
            if (kind != last) {
                shape.append(kind);
                last = kind;
            }
        }
        return shape.toString();
    }

    private static char kind(char c) {
        if (Character.isUpperCase(c)) {
            return 'X';
        }
        if (Character.isLowerCase(c)) {
            return 'x';
        }
        if (Character.isDigit(c)) {
            return 'd';
        }
        return c;
    }
}
