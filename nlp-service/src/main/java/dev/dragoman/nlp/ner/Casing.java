package dev.dragoman.nlp.ner;

import java.util.List;
import java.util.Locale;

/**
 * Whether a document is written without the capitals of edited prose: (almost) all in lower case, as in much user
 * text, or all in capitals, as in some wires and headlines. There capitals say nothing about names, and a model learnt
 * from lower-cased text tags it better (README "The NER model").
 */
public final class Casing {

    /** Documents with fewer words are taken as they are: too little to judge. */
    static final int MIN_WORDS = 6;
    /** At most this share of words starting with a capital: lower-case text (edited English has 10–30 %). */
    static final double MAX_CAPITALISED = 0.05;
    /**
     * At most this share of words in lower case only: all-caps text (edited English has most of its words so; a wire's
     * tables of names in capitals come with sentences in ordinary case around them).
     */
    static final double MAX_LOWER = 0.03;

    private Casing() {
    }

    public static boolean caseless(List<List<String>> sentences) {
        int words = 0;
        int capitalised = 0;
        int lowerOnly = 0;
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                int letters = 0;
                int upper = 0;
                for (int i = 0; i < token.length(); i++) {
                    char c = token.charAt(i);
                    if (Character.isLetter(c)) {
                        letters++;
                        if (Character.isUpperCase(c)) {
                            upper++;
                        }
                    }
                }
                if (letters == 0) {
                    continue;
                }
                words++;
                if (Character.isUpperCase(token.codePointAt(firstLetter(token)))) {
                    capitalised++;
                }
                if (upper == 0) {
                    lowerOnly++;
                }
            }
        }
        if (words < MIN_WORDS) {
            return false;
        }
        return capitalised <= MAX_CAPITALISED * words || lowerOnly <= MAX_LOWER * words;
    }

    private static int firstLetter(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    public static List<List<String>> lowerCased(List<List<String>> sentences) {
        return sentences.stream().map(s -> s.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList()).toList();
    }
}
