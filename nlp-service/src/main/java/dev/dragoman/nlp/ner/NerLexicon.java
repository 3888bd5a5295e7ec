package dev.dragoman.nlp.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What the tagger knows about words besides its weights: word clusters learned from unlabelled news
 * ({@code WordClusterBuilder} in module nlp-training, resource {@value #CLUSTERS}) and a gazetteer of place, country, demonym and given
 * names derived from npm packages ({@code nlp-service/tools/ner/build-gazetteer.sh}, resource {@value #GAZETTEER}),
 * and, as an experiment, the names of people and organisations of the reference knowledge base ({@value #REFERENCE}).
 */
public final class NerLexicon {

    public static final String CLUSTERS = "/ner/clusters.tsv.gz";
    public static final String GAZETTEER = "/ner/gazetteer.tsv.gz";
    /**
     * How the unlabelled news writes each word inside a sentence, in lower case or capitalised ({@code CasingBuilder}
     * in module nlp-training, which also holds the file): for the casing features, an experiment of training and
     * evaluation ({@code -Dner.casing=true}; README "How the setting was chosen"), so the service's image does not
     * carry it.
     */
    public static final String CASING = "/ner/casing.tsv.gz";
    /**
     * The reference knowledge base as the build compiles it ({@code linking.ReferenceData}). With {@code -Dner.kb=true}
     * (an experiment of training and cross-validation, not the bundled recipe: README "How the setting was chosen")
     * its names of people and organisations are gazetteer categories too ({@code kbper}, {@code kbsur} for the last
     * word of a person's name, {@code kborg}); {@code -Dner.ablate=kbsur} leaves the surnames out, {@code kbnames}
     * keeps only them, {@code kbper} leaves people out (organisations only).
     */
    public static final String REFERENCE = "/linking/reference.tsv.gz";

    private static volatile NerLexicon bundled;

    /** word form -> cluster feature values, one per granularity ("c0=12", ...), pre-built to save allocations. */
    private final Map<String, String[]> clusters;
    /** The gazetteer from packages, and the entities learnt from the training data (categories "t:PER", ...). */
    private final Phrases gazetteer;
    private final Phrases learned;
    /** lower-cased word -> its casing class in the news ({@link #casingClass}); empty without the casing features. */
    private final Map<String, String> casing;

    /** Phrases (tokens joined by one space) -> categories, exactly and by the lowercased phrase. */
    static final class Phrases {
        final Map<String, String[]> exact;
        final Map<String, String[]> lower = new HashMap<>();
        final int longest;

        Phrases(Map<String, String[]> exact) {
            this.exact = exact;
            int max = 1;
            for (Map.Entry<String, String[]> e : exact.entrySet()) {
                lower.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), NerLexicon::union);
                max = Math.max(max, e.getKey().split(" ").length);
            }
            this.longest = max;
        }

        /** Categories of a phrase, matched exactly or, if asked, case-insensitively; null if none. */
        String[] get(String phrase, boolean ignoreCase) {
            return ignoreCase ? lower.get(phrase.toLowerCase(Locale.ROOT)) : exact.get(phrase);
        }
    }

    NerLexicon(Map<String, String[]> clusters, Map<String, String[]> phrases, Map<String, String> casing) {
        this(clusters, new Phrases(phrases), new Phrases(Map.of()), casing);
    }

    private NerLexicon(Map<String, String[]> clusters, Phrases gazetteer, Phrases learned,
                       Map<String, String> casing) {
        this.clusters = clusters;
        this.gazetteer = gazetteer;
        this.learned = learned;
        this.casing = casing;
    }

    /** This lexicon with the entities learnt from training data (phrase -> types); itself if there are none. */
    NerLexicon withLearned(Map<String, String[]> entities) {
        return entities == null || entities.isEmpty() ? this
                : new NerLexicon(clusters, gazetteer, new Phrases(entities), casing);
    }

    /** Whether the packages' gazetteer lists this exact phrase under a category ("first", "city", "country"). */
    boolean gazetteerHas(String phrase, String category) {
        String[] categories = gazetteer.get(phrase, false);
        return categories != null && java.util.Arrays.asList(categories).contains(category);
    }

    Phrases gazetteer() {
        return gazetteer;
    }

    Phrases learned() {
        return learned;
    }

    public static NerLexicon bundled() {
        NerLexicon lexicon = bundled;
        if (lexicon == null) {
            synchronized (NerLexicon.class) {
                lexicon = bundled;
                if (lexicon == null) {
                    lexicon = new NerLexicon(readClusters(), readGazetteer(), Features.CASING ? readCasing() : Map.of());
                    bundled = lexicon;
                }
            }
        }
        return lexicon;
    }

    /** An empty lexicon (no clusters, no gazetteer), for ablations. */
    static NerLexicon empty() {
        return new NerLexicon(Map.of(), Map.of(), Map.of());
    }

    /** Cluster features of a word form: the form itself, else its lowercased or capitalised form; null if unknown. */
    String[] clusters(String word) {
        String[] c = clusters.get(word);
        if (c == null) {
            String lower = word.toLowerCase(Locale.ROOT);
            c = clusters.get(lower);
            if (c == null && lower.length() > 1) {
                c = clusters.get(Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
            }
        }
        return c;
    }

    /** The casing class of a lower-cased word in the news ({@link #casingClass}), "?" if the news lacks it. */
    String casing(String lower) {
        return casing.getOrDefault(lower, "?");
    }

    /**
     * A word's casing class from its counts inside sentences of the news: by the share written in lower case, "c"
     * (under 5 %: a name), "C" (under 30 %), "m" (mixed), "L" (under 95 %), "l" (a common word); with "~" when seen
     * fewer than 20 times.
     */
    static String casingClass(int lower, int capitalised) {
        int total = lower + capitalised;
        double share = total == 0 ? 0 : (double) lower / total;
        String kind = share < 0.05 ? "c" : share < 0.3 ? "C" : share < 0.7 ? "m" : share < 0.95 ? "L" : "l";
        return (total < 20 ? kind + "~" : kind).intern();
    }

    static Map<String, String> readCasing() {
        Map<String, String> casing = new HashMap<>(1 << 17);
        try (BufferedReader reader = open(CASING)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t");
                if (columns.length == 3) {
                    casing.put(columns[0], casingClass(Integer.parseInt(columns[1]), Integer.parseInt(columns[2])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CASING, e);
        }
        return casing;
    }

    static String[] union(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        for (String x : b) {
            if (!all.contains(x)) {
                all.add(x);
            }
        }
        return all.toArray(String[]::new);
    }

    private static BufferedReader open(String resource) throws IOException {
        InputStream in = NerLexicon.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " missing: build it with the command in the README");
        }
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
    }

    static Map<String, String[]> readClusters() {
        Map<String, String[]> clusters = new HashMap<>(1 << 17);
        Map<String, String> interned = new HashMap<>();
        try (BufferedReader reader = open(CLUSTERS)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t");
                String[] values = new String[columns.length - 1];
                for (int k = 1; k < columns.length; k++) {
                    String v = "c" + (k - 1) + "=" + columns[k];
                    values[k - 1] = interned.computeIfAbsent(v, x -> x);
                }
                clusters.put(columns[0], values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLUSTERS, e);
        }
        return clusters;
    }

    static Map<String, String[]> readGazetteer() {
        Map<String, String[]> phrases = new HashMap<>(1 << 16);
        try (BufferedReader reader = open(GAZETTEER)) {
            String line;
            while ((line = reader.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                String category = line.substring(0, tab).intern();
                phrases.merge(phrase(Tokenizer.tokenize(line.substring(tab + 1))), new String[] {category},
                        NerLexicon::union);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + GAZETTEER, e);
        }
        List<String> ablated = List.of(System.getProperty("ner.ablate", "").split(","));
        if (Boolean.getBoolean("ner.kb")) {
            readReference(phrases, !ablated.contains("kbnames"), !ablated.contains("kbsur"),
                    !ablated.contains("kbper"));
        }
        return phrases;
    }

    /**
     * Adds the reference knowledge base's names of people ({@code kbper}, {@code kbsur}; without {@code people},
     * none) and organisations.
     */
    private static void readReference(Map<String, String[]> phrases, boolean names, boolean surnames,
                                      boolean people) {
        try (BufferedReader reader = open(REFERENCE)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t", -1);
                if (columns.length < 7) {
                    continue;
                }
                String category = switch (columns[0]) {
                    case "person" -> "kbper";
                    case "org" -> "kborg";
                    default -> null;
                };
                if (category == null || !people && category.equals("kbper")) {
                    continue;
                }
                for (String name : columns[6].split("\\|")) {
                    List<Token> tokens = Tokenizer.tokenize(name);
                    if (tokens.isEmpty()) {
                        continue;
                    }
                    if (names) {
                        phrases.merge(phrase(tokens), new String[] {category}, NerLexicon::union);
                    }
                    String last = tokens.get(tokens.size() - 1).text();
                    if (surnames && category.equals("kbper") && tokens.size() > 1 && last.length() > 2
                            && Character.isUpperCase(last.charAt(0))) {
                        phrases.merge(last, new String[] {"kbsur"}, NerLexicon::union);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REFERENCE, e);
        }
    }

    private static String phrase(List<Token> tokens) {
        StringBuilder key = new StringBuilder();
        for (Token token : tokens) {
            if (key.length() > 0) {
                key.append(' ');
            }
            key.append(token.text());
        }
        return key.toString();
    }
}
