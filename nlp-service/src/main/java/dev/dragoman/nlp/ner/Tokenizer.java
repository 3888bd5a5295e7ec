package dev.dragoman.nlp.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits raw text into sentences of tokens, close to the Reuters/CoNLL-2003 tokenisation the tagger was trained on:
 * possessive 's apart, abbreviations such as U.S., Inc. and initials kept whole (so that no sentence ends inside
 * "Timothy D. Cook"), hyphenated words kept whole.
 */
public final class Tokenizer {

    private static final Pattern TOKEN = Pattern.compile(
            "(?:[A-Za-z]\\.){2,}" // U.S., U.K.
            + "|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Prof|Inc|Corp|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
            + "|Sep|Sept|Oct|Nov|Dec|No|vs)\\.(?=[\\s,;:)])" // abbreviations that end with a period
            + "|\\p{Lu}\\.(?=\\s+\\p{Lu})" // an initial before a name: George W. Bush, L. Ron Hubbard
            + "|\\d+(?:[.,:/]\\d+)*%?" // numbers, times, dates
            + "|[\\p{L}\\p{M}]+(?:[-\u2010][\\p{L}\\p{M}\\d]+)*(?=['\u2019\u02bc]s\\b)" // word before possessive
            + "|['\u2019\u02bc]s\\b" // possessive
            + "|[\\p{L}\\p{M}\\d]+(?:[-\u2010'\u2019\u02bc.&][\\p{L}\\p{M}\\d]+)*" // words, hyphenated words, O'Brien
            + "|\\S"); // any other single character

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]");

    /**
     * Longer runs without white space are no words (a pasted blob, a hostile input): they are cut into pieces of
     * this length instead of being matched, which for one 400,000-character run would take quadratic time.
     */
    public static final int MAX_WORD_CHARS = 100;
    private static final Pattern OVERLONG = Pattern.compile("\\S{" + (MAX_WORD_CHARS + 1) + ",}");

    private Tokenizer() {
    }

    public static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        Matcher overlong = OVERLONG.matcher(text);
        Matcher m = TOKEN.matcher(text).useTransparentBounds(true);
        int from = 0;
        while (overlong.find()) {
            match(m, from, overlong.start(), tokens);
            cut(text, overlong.start(), overlong.end(), tokens);
            from = overlong.end();
        }
        match(m, from, text.length(), tokens);
        return tokens;
    }

    private static void match(Matcher m, int from, int to, List<Token> tokens) {
        m.region(from, to);
        while (m.find()) {
            tokens.add(new Token(m.group(), m.start(), m.end()));
        }
    }

    /** Pieces of at most MAX_WORD_CHARS, never splitting a surrogate pair. */
    private static void cut(String text, int from, int to, List<Token> tokens) {
        int start = from;
        while (start < to) {
            int end = Math.min(start + MAX_WORD_CHARS, to);
            if (end < to && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            tokens.add(new Token(text.substring(start, end), start, end));
            start = end;
        }
    }

    /** Tokens grouped into sentences: a break after . ! ? (or a blank line) before a capitalised or quoted token. */
    public static List<List<Token>> sentences(String text) {
        List<Token> tokens = tokenize(text);
        List<List<Token>> sentences = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            current.add(token);
            boolean last = i + 1 == tokens.size();
            if (last) {
                break;
            }
            Token next = tokens.get(i + 1);
            boolean paragraphBreak = text.substring(token.end(), next.start()).contains("\n");
            boolean terminal = SENTENCE_END.matcher(token.text()).matches() && current.size() > 1
                    && (Character.isUpperCase(next.text().charAt(0)) || "\"\u201c".contains(next.text()));
            boolean closingQuote = current.size() > 2 && "\"\u201d".contains(token.text())
                    && SENTENCE_END.matcher(tokens.get(i - 1).text()).matches();
            if (paragraphBreak || terminal || closingQuote) {
                sentences.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            sentences.add(current);
        }
        return sentences;
    }
}
