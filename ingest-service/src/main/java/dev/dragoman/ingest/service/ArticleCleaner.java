package dev.dragoman.ingest.service;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw article text into a clean article: web debris removed (newsletter and membership prompts,
 * "* indicates required", navigation words, photo credits, time stamps), repeated paragraphs kept once,
 * a headline taken as title, and a leading dateline ("Doha [Qatar] February 26 (ANI):") split off.
 */
public final class ArticleCleaner {

    /** The result of cleaning: body paragraphs are separated by blank lines. */
    public record Cleaned(String title, String body, String dateline) {
    }

    private static final int TITLE_MAX_CHARS = 160;

    /** Whole lines that are navigation or page furniture, not article text. */
    private static final Set<String> NAVIGATION = Set.of(
            "international", "world", "politics", "business", "europe", "opinion", "news", "home", "menu", "search",
            "sections", "subscribe", "sign in", "log in", "login", "sign up", "share", "tweet", "print", "email",
            "advertisement", "skip to content", "skip to main content", "more news", "editors' picks", "editors’ picks",
            "editor's picks", "news feed", "read more", "related", "related articles", "latest", "latest news",
            "video", "podcasts", "newsletter", "newsletters", "most read", "most popular", "recommended", "comments",
            "close", "back to top", "follow us", "top stories", "trending", "live", "watch", "listen");

    /** Navigation lines after which, once the article has begun, only page furniture follows. */
    private static final Set<String> TAIL_MARKERS = Set.of("news feed", "more news", "editors' picks", "editors’ picks",
            "related articles", "most read", "most popular", "recommended", "read more", "top stories", "latest news");

    /**
     * A kind of page debris: its pattern, and words any match contains (none: always tried). Most paragraphs contain
     * none of them, and a plain search for a word is much cheaper than trying a pattern at every position.
     */
    private record Debris(Pattern pattern, List<String> needles) {
        Debris(String regex, String... needles) {
            this(Pattern.compile(regex), List.of(needles));
        }

        boolean foundIn(String lower) {
            return (needles.isEmpty() || needles.stream().anyMatch(lower::contains)) && pattern.matcher(lower).find();
        }
    }

    private static final List<Debris> DEBRIS = List.of(
            new Debris("^\\*?\\s*indicates required\\.?$", "indicates required"),
            new Debris("\\b(enter|type) your e-?mail\\b", "your e"),
            new Debris("\\benter (a )?(correct|valid) e-?mail", "enter "),
            new Debris("\\bsubscri(be|bing|ption)\\b.{0,60}\\b(newsletter|updates|inbox|e-?mail)", "subscri"),
            new Debris("\\b(sign(ing)? up|signed up) (for|to) (our|this|the)\\b.{0,40}\\bnewsletter", "newsletter"),
            new Debris("\\bthank you for (signing up|subscribing)\\b", "thank you for "),
            new Debris("\\bsuccess?fu(l)?ly subscribed\\b", "ly subscribed"),
            new Debris("\\bconfirmation e-?mail\\b", "confirmation e"),
            new Debris("\\b(help us reach|become a member|support (our|independent) journalism|not a paywall"
                    + "|without paywalls|independent journalism needs|stand behind .{0,40}journalism"
                    + "|keeping it free for everyone|reach [\\d,]+ (members|subscribers))",
                    "reach ", "become a member", "journalism", "paywall", "keeping it free"),
            new Debris("^(this|the) (audio|article|story) (is|was) (created|generated|produced) with ai\\b", " with ai"),
            new Debris("^(photo|image|picture|photograph|credit|source: getty)s?( credit)?\\s*[:|]"),
            new Debris("\\((photo|image)s?( by|:)[^)]*\\)\\s*$", "(photo", "(image"),
            new Debris("\\([^()]{0,80}(getty images|/afp|afp/|/reuters|reuters/|/ap\\b|ap photo|/epa|epa-efe"
                    + "|shutterstock|/tass|sputnik/)[^()]{0,40}\\)\\s*$", "("),
            new Debris("^\\d{1,2}:\\d{2}\\s*([ap]\\.?m\\.?|gmt|utc)?\\b.{0,60}$"),
            new Debris("^(share|follow us|cookie|we use cookies|accept (all )?cookies|all rights reserved)\\b"),
            new Debris("^(©|copyright)\\s"),
            new Debris("^(click|tap) here\\b"),
            new Debris("^(advertisement|sponsored( content)?)$"));

    /** Whether a paragraph (lower-cased) is page debris; with {@code gated} false every pattern is tried (tests). */
    static boolean debris(String lower, boolean gated) {
        return DEBRIS.stream().anyMatch(d -> gated ? d.foundIn(lower) : d.pattern().matcher(lower).find());
    }

    private static final Pattern DATELINE = Pattern.compile(
            "^((?:[A-Z][\\p{L}.'-]*(?: [A-Z][\\p{L}.'-]*){0,3})(?: \\[[^\\]]{1,40}\\])?,?"
            + "(?: (?:January|February|March|April|May|June|July|August|September|October|November|December"
            + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.? \\d{1,2},?)?"
            + " \\((?:ANI|Reuters|AP|AFP|UPI|IANS|PTI|TASS|Xinhua|dpa|Bloomberg|CNN|BBC)\\))\\s*[:\u2014\u2013-]\\s*");
    private static final Pattern SENTENCE_SPLIT = Pattern.compile("(?<=[.!?][\"\u201d\u2019]?)\\s+(?=[\"\u201c]?[A-Z])");
    /** "added.The details": a sentence glued to the next one by a missing space. */
    private static final Pattern GLUED = Pattern.compile("(?<=\\p{Ll}{2}[.!?][\"\u201d]?)(?=\\p{Lu}\\p{Ll})");
    /* compiled once: String.replaceAll compiles its pattern on every call, and these run per line of every article */
    private static final Pattern BLANKS = Pattern.compile("[ \t]+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s:.!|>»›]+$");

    /**
     * Lower case, words only (letters and numbers), one space between them: what two texts share when they differ only
     * in form. One pass over the text: it runs on every sentence of every article (duplicate detection, repeated
     * paragraphs), where replacing {@code [^\p{L}\p{N}]+} by a space took a regex match per character.
     */
    static String wordsOnly(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder words = new StringBuilder(lower.length());
        boolean gap = false;
        for (int i = 0; i < lower.length(); ) {
            int c = lower.codePointAt(i);
            i += Character.charCount(c);
            if (letterOrNumber(c)) {
                if (gap && !words.isEmpty()) {
                    words.append(' ');
                }
                gap = false;
                words.appendCodePoint(c);
            } else {
                gap = true;
            }
        }
        return words.toString();
    }

    /** {@code \p{L}} or {@code \p{N}}: a letter or a number of any kind, by its Unicode category. */
    private static boolean letterOrNumber(int c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /**
     * "added.The details" made "added. The details" ({@link #GLUED}). {@code gated}: the pattern runs only on a
     * paragraph where a sentence mark is followed, maybe through a closing quote, by a capital, which every match
     * needs; the look-behind otherwise ran at every position of every paragraph.
     */
    static String unglue(String paragraph, boolean gated) {
        return gated && !mayBeGlued(paragraph) ? paragraph : GLUED.matcher(paragraph).replaceAll(" ");
    }

    private static boolean mayBeGlued(String paragraph) {
        int last = paragraph.length() - 1;
        for (int i = 0; i < last; i++) {
            char c = paragraph.charAt(i);
            if (c == '.' || c == '!' || c == '?') {
                int next = i + 1;
                char n = paragraph.charAt(next);
                if ((n == '"' || n == '\u201d') && next < last) {
                    next++;
                }
                if (Character.isUpperCase(paragraph.codePointAt(next))) {
                    return true;
                }
            }
        }
        return false;
    }

    private ArticleCleaner() {
    }

    public static Cleaned clean(String raw, String givenTitle) {
        List<String> paragraphs = new ArrayList<>();
        for (String line : normalise(raw).split("\n")) {
            String paragraph = BLANKS.matcher(line.strip()).replaceAll(" ");
            if (!paragraph.isEmpty()) {
                paragraphs.add(unglue(paragraph, true));
            }
        }
        paragraphs = dropDebris(paragraphs);
        paragraphs = dropRepeats(paragraphs);

        String title = givenTitle == null || givenTitle.isBlank() ? null : givenTitle.strip();
        if (title == null) {
            int headline = findHeadline(paragraphs);
            if (headline >= 0) {
                title = paragraphs.remove(headline);
            }
        } else {
            String given = title;
            paragraphs.removeIf(p -> p.equalsIgnoreCase(given));
        }
        String dateline = null;
        if (!paragraphs.isEmpty()) {
            Matcher m = DATELINE.matcher(paragraphs.get(0));
            if (m.find()) {
                dateline = m.group(1);
                String rest = paragraphs.get(0).substring(m.end());
                if (rest.isBlank()) {
                    paragraphs.remove(0);
                } else {
                    paragraphs.set(0, rest);
                }
            }
        }
        String body = String.join("\n\n", paragraphs);
        if (title == null && !body.isEmpty()) {
            title = firstSentence(paragraphs.get(0));
        }
        return new Cleaned(title, body, dateline);
    }

    static String normalise(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFC)
                .replace("\r\n", "\n").replace('\r', '\n')
                .replace('\u00a0', ' ').replace("\u200b", "").replace("\ufeff", "");
    }

    /** Longest paragraph that may be debris: sign-up forms, captions and credits are a line or two. */
    static final int DEBRIS_MAX_CHARS = 400;

    private static List<String> dropDebris(List<String> paragraphs) {
        List<String> kept = new ArrayList<>();
        for (String paragraph : paragraphs) {
            String lower = paragraph.toLowerCase(Locale.ROOT);
            String bare = TRAILING_PUNCTUATION.matcher(lower).replaceAll("");
            if (NAVIGATION.contains(bare)) {
                if (TAIL_MARKERS.contains(bare) && kept.size() >= 3) {
                    break; // the article is over; what follows is teasers and sign-up forms
                }
                continue;
            }
            // debris is short (forms, captions, credits): a long paragraph is text, and is not scanned for it
            if (lower.length() <= DEBRIS_MAX_CHARS && debris(lower, true)) {
                continue;
            }
            kept.add(paragraph);
        }
        return kept;
    }

    /**
     * Keeps a paragraph only if it says something not said before: a paragraph all of whose sentences already
     * appeared (as a paragraph or inside a longer one) is a repeat.
     */
    private static List<String> dropRepeats(List<String> paragraphs) {
        Set<String> seen = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (String paragraph : paragraphs) {
            List<String> sentences = sentences(paragraph);
            if (!sentences.isEmpty() && seen.containsAll(sentences)) {
                continue;
            }
            seen.addAll(sentences);
            kept.add(paragraph);
        }
        return kept;
    }

    private static List<String> sentences(String paragraph) {
        List<String> keys = new ArrayList<>();
        for (String sentence : SENTENCE_SPLIT.split(paragraph)) {
            String key = wordsOnly(sentence);
            if (!key.isEmpty()) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** A headline: among the first paragraphs, a short line in title case with no closing punctuation. */
    private static int findHeadline(List<String> paragraphs) {
        for (int i = 0; i < Math.min(3, paragraphs.size() - 1); i++) {
            String p = paragraphs.get(i);
            String[] words = p.split(" ");
            if (words.length < 3 || words.length > 20 || p.length() > TITLE_MAX_CHARS || p.matches(".*[.!?:;,\"\u201d]$")
                    || p.startsWith("\"") || p.startsWith("\u201c")) {
                continue;
            }
            int capitalised = 0;
            int significant = 0;
            for (String word : words) {
                if (word.length() > 3) {
                    significant++;
                    if (Character.isUpperCase(word.charAt(0))) {
                        capitalised++;
                    }
                }
            }
            if (significant > 0 && capitalised * 10 >= significant * 7) {
                return i;
            }
        }
        return -1;
    }

    private static String firstSentence(String paragraph) {
        String sentence = SENTENCE_SPLIT.split(paragraph, 2)[0];
        if (sentence.length() <= TITLE_MAX_CHARS) {
            return sentence;
        }
        int cut = sentence.lastIndexOf(' ', TITLE_MAX_CHARS - 1);
        return sentence.substring(0, cut > 40 ? cut : TITLE_MAX_CHARS - 1) + "\u2026";
    }
}
