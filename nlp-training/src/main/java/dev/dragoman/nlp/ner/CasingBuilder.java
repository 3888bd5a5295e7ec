package dev.dragoman.nlp.ner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Counts how the unlabelled news writes each word inside a sentence: in lower case ("nice", "hope") or capitalised
 * ("Blunt", "Wright"), for the tagger's casing features ({@link NerLexicon#CASING}). A word that edited prose writes in
 * lower case is rarely a name where a post capitalises it ("Nice vid", "Hope she is okay"); a word it always
 * capitalises is one even where a post does not. Only positions where case means something are counted: not a
 * sentence's first word, not after an opening quote, bracket, colon or dash, and not in sentences mostly capitalised
 * (headlines in title case, lines in capitals). Words seen fewer than {@value #MIN_COUNT} times are left out.
 * Deterministic: the output is sorted by word.
 * <p>
 * Command: {@code CasingBuilder OUTPUT.tsv.gz NEWS.ndjson...}; lines {@code word TAB lower-case count TAB
 * capitalised count}.
 */
public final class CasingBuilder {

    static final int MIN_COUNT = 3;
    private static final Set<String> OPENERS = Set.of("\"", "\u201c", "\u2018", "'", "(", "[", ":", "-", "\u2014",
            "\u2013", "--");

    /** lower-cased word -> {lower-case occurrences, capitalised occurrences}. */
    private final Map<String, int[]> counts = new TreeMap<>();

    void add(List<String> words) {
        int letters = 0;
        int capitalised = 0;
        for (String w : words) {
            if (Character.isLetter(w.charAt(0))) {
                letters++;
                if (Character.isUpperCase(w.charAt(0))) {
                    capitalised++;
                }
            }
        }
        if (letters < 3 || capitalised * 2 > letters) {
            return;
        }
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            char c = w.charAt(0);
            if (!Character.isLetter(c) || OPENERS.contains(words.get(i - 1))) {
                continue;
            }
            int[] n = counts.computeIfAbsent(w.toLowerCase(Locale.ROOT), x -> new int[2]);
            if (Character.isLowerCase(c)) {
                n[0]++;
            } else if (Character.isUpperCase(c)) {
                n[1]++;
            }
        }
    }

    void write(Path output) throws IOException {
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        int written = 0;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(output)), StandardCharsets.UTF_8))) {
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                int[] n = e.getValue();
                if (n[0] + n[1] >= MIN_COUNT) {
                    out.write(e.getKey() + "\t" + n[0] + "\t" + n[1] + "\n");
                    written++;
                }
            }
        }
        System.out.printf("%d words written to %s (%d seen)%n", written, output, counts.size());
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CasingBuilder OUTPUT.tsv.gz NEWS.ndjson ...");
            System.exit(2);
        }
        List<Path> inputs = new ArrayList<>();
        for (int a = 1; a < args.length; a++) {
            inputs.add(Path.of(args[a]));
        }
        inputs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        CasingBuilder builder = new CasingBuilder();
        for (Path input : inputs) {
            NewsText.sentences(input, builder::add);
        }
        builder.write(Path.of(args[0]));
    }
}
