package dev.dragoman.nlp.ner;

import java.util.List;
import java.util.Locale;

/** The features the tagger sees for one token: its form, shape, affixes, neighbours and the tags before it. */
final class Features {

    private Features() {
    }

    /** Fills {@code out} (cleared first) with the feature names of token i given the two previous tags. */
    static void extract(List<String> words, int i, String prev, String prev2, List<String> out) {
        out.clear();
        String w = words.get(i);
        String lower = w.toLowerCase(Locale.ROOT);
        String shape = shape(w);
        out.add("b");
        out.add("w=" + w);
        out.add("l=" + lower);
        out.add("s=" + shape);
        out.add("ss=" + shortShape(w));
        int n = w.length();
        for (int k = 1; k <= 4 && k < n; k++) {
            out.add("p" + k + "=" + lower.substring(0, k));
            out.add("x" + k + "=" + lower.substring(n - k));
        }
        if (i == 0) {
            out.add("first&s=" + shape);
        }
        out.add("t-1=" + prev);
        out.add("t-2=" + prev2 + "|" + prev);
        out.add("t-1&w=" + prev + "|" + lower);
        out.add("t-1&s=" + prev + "|" + shortShape(w));
        String w1 = word(words, i - 1);
        String w2 = word(words, i - 2);
        String n1 = word(words, i + 1);
        String n2 = word(words, i + 2);
        out.add("w-1=" + w1.toLowerCase(Locale.ROOT));
        out.add("w-2=" + w2.toLowerCase(Locale.ROOT));
        out.add("w+1=" + n1.toLowerCase(Locale.ROOT));
        out.add("w+2=" + n2.toLowerCase(Locale.ROOT));
        out.add("s-1=" + shortShape(w1));
        out.add("s+1=" + shortShape(n1));
        out.add("s-1&s&s+1=" + shortShape(w1) + "|" + shortShape(w) + "|" + shortShape(n1));
        out.add("w-1&w=" + w1.toLowerCase(Locale.ROOT) + "|" + lower);
        out.add("w&w+1=" + lower + "|" + n1.toLowerCase(Locale.ROOT));
        out.add("t-1&w+1=" + prev + "|" + n1.toLowerCase(Locale.ROOT));
        out.add("x3-1=" + suffix(w1, 3));
        out.add("x3+1=" + suffix(n1, 3));
    }

    private static String word(List<String> words, int i) {
        if (i < 0) {
            return "<S>";
        }
        return i >= words.size() ? "</S>" : words.get(i);
    }

    private static String suffix(String w, int k) {
        String lower = w.toLowerCase(Locale.ROOT);
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
