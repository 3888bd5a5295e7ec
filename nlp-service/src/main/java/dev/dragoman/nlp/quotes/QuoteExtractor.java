package dev.dragoman.nlp.quotes;

import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.api.Quote;
import dev.dragoman.nlp.linking.EntityLinker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds direct quotations and their speakers:
 * <ul>
 *   <li>after the quote: "…," Peskov told reporters / "…," said Lavrov / "…," he said (the person last named);</li>
 *   <li>before it: Lavrov said: "…" / Trump said that "…";</li>
 *   <li>a quote that runs over several sentences is one quote; one left open at the end of a paragraph and taken up
 *   by an opening mark in the next continues there (the newspaper convention);</li>
 *   <li>a quote an outlet reports ("…," reported TASS; "…," TASS quoted him as saying) or that no verb of saying
 *   introduces is the words of the person the paragraph is about, and the outlet is kept as the quote's source.</li>
 * </ul>
 */
public final class QuoteExtractor {

    private static final String OPEN = "\"\u201c";
    private static final String CLOSE = "\"\u201d";
    private static final int MIN_WORDS = 4;
    private static final int WINDOW = 120;
    private static final Pattern SPEECH = Pattern.compile("\\b(said|says|say|told|tells|added|adds|stressed|noted|"
            + "explained|warned|insisted|asked|wrote|declared|announced|commented|replied|continued|argued|claimed|"
            + "stated|(?i:according to)|emphasi[sz]ed|underlined|remarked|recalled|concluded|reported|reports|quoted|"
            + "cited|citing)\\b");
    /** Verbs with which an outlet, not a speaker, brings a quote: "reported TASS", "Reuters quoted him as saying". */
    private static final Pattern REPORTING = Pattern.compile("\\b(reported|reports|quoted|quotes|cited|cites|citing|"
            + "(?i:according to)|wrote|writes)\\b");
    private static final Pattern PRONOUN = Pattern.compile("\\b(he|she|the official|the spokesman|the spokeswoman|"
            + "the minister|the president|the diplomat)\\b", Pattern.CASE_INSENSITIVE);

    private QuoteExtractor() {
    }

    /** @param entities the linked mentions of the same text, in order */
    public static List<Quote> extract(String text, List<EntityMention> entities) {
        List<Quote> quotes = new ArrayList<>();
        List<int[]> spans = quotedSpans(text);
        for (int[] span : spans) {
            String quoted = text.substring(span[0], span[1]).strip();
            if (quoted.split("\\s+").length < MIN_WORDS) {
                continue; // scare quotes ("irritants") are not statements
            }
            Attribution after = speakerAfter(text, span[1] + 1, entities);
            Attribution before = after == null || after.mention() == null ? speakerBefore(text, span[0] - 1, entities)
                    : null;
            Attribution found = after != null && after.mention() != null ? after
                    : before != null && (before.mention() != null || after == null) ? before : after;
            EntityMention speaker = found == null ? null : found.mention();
            EntityMention source = null;
            if (speaker != null && speaker.type() != EntityType.PERSON
                    && (found.reporting() || EntityLinker.isOutlet(speaker))) {
                // "...," reported TASS: the outlet brings the words of the person the paragraph is about
                source = speaker;
                speaker = paragraphSubject(text, span, entities);
                for (int back = 0; speaker == null && back < LOOK_BACK_PARAGRAPHS; back++) {
                    speaker = earlierParagraphSubject(text, span[0], back + 1, entities);
                }
            } else if (found == null) {
                // no verb of saying: the words of the person the paragraph is about, if it is about one
                speaker = paragraphSubject(text, span, entities);
            }
            quotes.add(new Quote(span[0], span[1], quoted, speaker == null ? null : speaker.entityId(),
                    speaker == null ? null : speaker.canonicalName(), source == null ? null : source.entityId(),
                    source == null ? null : source.canonicalName()));
        }
        return quotes;
    }

    /** [start, end) of each quotation's words, marks excluded; a quote continued in the next paragraph is one span. */
    static List<int[]> quotedSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean isOpen = OPEN.indexOf(c) >= 0 && (c != '"' || open < 0);
            boolean isClose = CLOSE.indexOf(c) >= 0 && open >= 0 && (c != '"' || open >= 0);
            if (open < 0 && isOpen) {
                open = i + 1;
            } else if (open >= 0 && c == '\n') {
                // an open quote at a paragraph's end continues only if the next paragraph opens with a quote mark
                int next = i + 1;
                while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                    next++;
                }
                if (next >= text.length() || OPEN.indexOf(text.charAt(next)) < 0) {
                    open = -1;
                } else {
                    i = next; // skip the reopening mark
                }
            } else if (isClose) {
                if (i > open) {
                    spans.add(new int[] {open, i});
                }
                open = -1;
            }
        }
        return spans;
    }

    /** Who a verb of saying next to the quote names, and whether the verb is one of an outlet's ("reported"). */
    private record Attribution(EntityMention mention, boolean reporting) {
    }

    private static Attribution speakerAfter(String text, int from, List<EntityMention> entities) {
        int end = sentenceEnd(text, from);
        String window = text.substring(from, end);
        Matcher speech = SPEECH.matcher(window);
        if (!speech.find()) {
            return null;
        }
        boolean reporting = REPORTING.matcher(window).find();
        EntityMention named = null;
        for (EntityMention mention : entities) {
            if (mention.start() >= from && mention.end() <= end && isSpeaker(mention)) {
                named = mention;
                break;
            }
        }
        if (named != null) {
            return new Attribution(named, reporting);
        }
        EntityMention pronoun = PRONOUN.matcher(window).find() ? lastPersonBefore(from, entities) : null;
        return new Attribution(pronoun, reporting);
    }

    /**
     * The person a paragraph is about: the one it names most often outside the quote (the last named before the
     * quote on a tie), or null when it names nobody.
     */
    private static EntityMention paragraphSubject(String text, int[] quote, List<EntityMention> entities) {
        int start = text.lastIndexOf('\n', quote[0]) + 1;
        int end = text.indexOf('\n', quote[1]);
        end = end < 0 ? text.length() : end;
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        EntityMention best = null;
        int bestCount = 0;
        for (EntityMention mention : entities) {
            boolean inside = mention.start() >= quote[0] && mention.end() <= quote[1];
            if (mention.type() != EntityType.PERSON || inside || mention.start() < start || mention.end() > end) {
                continue;
            }
            int count = counts.merge(mention.entityId(), 1, Integer::sum);
            if (count > bestCount || count == bestCount && mention.end() <= quote[0]) {
                bestCount = count;
                best = mention;
            }
        }
        return best;
    }

    private static Attribution speakerBefore(String text, int to, List<EntityMention> entities) {
        int start = Math.max(0, to - WINDOW);
        int boundary = Math.max(text.lastIndexOf(". ", to), text.lastIndexOf('\n', to));
        start = Math.max(start, boundary + 1);
        if (to <= start) {
            return null;
        }
        String window = text.substring(start, to);
        if (!SPEECH.matcher(window).find() || !window.strip().matches("(?s).*(:|that|said|says|told \\w+|added"
                + "|reported|reports|(?i:according to) \\S+(?: \\S+)?,?)$")) {
            return null;
        }
        boolean reporting = REPORTING.matcher(window).find();
        EntityMention named = null;
        for (EntityMention mention : entities) {
            if (mention.start() >= start && mention.end() <= to && isSpeaker(mention)) {
                named = mention; // the last one before the quote
            }
        }
        if (named != null) {
            return new Attribution(named, reporting);
        }
        return new Attribution(PRONOUN.matcher(window).find() ? lastPersonBefore(start, entities) : null, reporting);
    }

    /** How many paragraphs back an outlet's quote looks for its speaker when its own paragraph names nobody. */
    private static final int LOOK_BACK_PARAGRAPHS = 2;

    /**
     * The person the paragraph {@code back} paragraphs before the one at {@code position} is about: where an outlet
     * reports words in a paragraph that names nobody ("The meeting will make it clear '...,' reported TASS"), they
     * are the words of the person the text was just about.
     */
    private static EntityMention earlierParagraphSubject(String text, int position, int back,
                                                         List<EntityMention> entities) {
        int end = text.lastIndexOf('\n', position);
        for (int k = 1; k < back && end > 0; k++) {
            end = text.lastIndexOf('\n', end - 1);
        }
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--; // blank lines between paragraphs
        }
        if (end <= 0) {
            return null;
        }
        int start = text.lastIndexOf('\n', end - 1) + 1;
        int last = end;
        return paragraphSubject(text, new int[] {end - 1, end - 1}, entities.stream()
                .filter(m -> m.start() >= start && m.end() <= last).toList());
    }

    private static boolean isSpeaker(EntityMention mention) {
        return mention.type() == EntityType.PERSON || mention.type() == EntityType.ORGANIZATION;
    }

    private static EntityMention lastPersonBefore(int position, List<EntityMention> entities) {
        EntityMention last = null;
        for (EntityMention mention : entities) {
            if (mention.end() <= position && mention.type() == EntityType.PERSON) {
                last = mention;
            }
        }
        return last;
    }

    private static int sentenceEnd(String text, int from) {
        int limit = Math.min(text.length(), from + WINDOW);
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '\n' || ((c == '.' || c == '!' || c == '?') && (i + 1 >= text.length()
                    || Character.isWhitespace(text.charAt(i + 1))))) {
                return i;
            }
        }
        return limit;
    }
}
