package dev.dragoman.common.text;

/**
 * Makes text safe to store and to process: C0 control characters other than newline and tab are removed (NUL
 * above all, which PostgreSQL refuses in text), a carriage return becomes a newline unless one follows, DEL is
 * removed, and an unpaired UTF-16 surrogate (which no encoding can write) becomes U+FFFD. Every service runs what
 * callers send through here before it is stored or learnt.
 */
public final class TextNormalizer {

    public static final char REPLACEMENT = '\uFFFD';

    private TextNormalizer() {
    }

    /** The text made safe; null stays null. Returns the same instance when nothing needed to change. */
    public static String normalize(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(++i));
                } else {
                    out.append(REPLACEMENT);
                }
            } else if (Character.isLowSurrogate(c)) {
                out.append(REPLACEMENT);
            } else if (c == '\r') {
                if (i + 1 >= n || text.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
            } else if (!removed(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The same safety with every offset kept, for text whose positions callers refer to (annotation offsets): a
     * control character (but a carriage return) becomes a space instead of going, a lone surrogate becomes U+FFFD; the length is unchanged.
     */
    public static String mask(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                chars[i] = REPLACEMENT;
            } else if (removed(c) && c != '\r') {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    private static boolean removed(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (removed(c) || c == '\r' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
