package dev.dragoman.nlp.dates;

import dev.dragoman.common.api.DateMention;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds date expressions and resolves them to calendar dates against the article's date.
 * <ul>
 *   <li>Absolute: "February 24, 2022", "Feb. 27", "27 February 2025", "2025-02-26", "30.05.2025".</li>
 *   <li>Relative: "today", "tomorrow", "yesterday", weekdays ("on Monday", "Thursday's meeting"), "last/next week".</li>
 *   <li>A day and month without a year take the year the text is narrating, if the sentence or the two before it
 *   name one ("in the spring of 2022"); otherwise the year that puts the date nearest the article's date.</li>
 *   <li>A bare weekday is the most recent one (the article's own day included), unless the sentence speaks of the
 *   future before it ("will", "set to", "next", ...), then the coming one.</li>
 * </ul>
 */
public final class DateResolver {

    private static final String MONTH = "(January|February|March|April|May|June|July|August|September|October|November"
            + "|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";
    private static final String DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
    private static final String WEEKDAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

    private static final Pattern MONTH_DAY = Pattern.compile("\\b" + MONTH + " " + DAY + "\\b(?:,? (\\d{4})\\b)?");
    private static final Pattern DAY_MONTH = Pattern.compile("\\b" + DAY + " " + MONTH + "(?:,? (\\d{4})\\b)?");
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern DOTTED = Pattern.compile("\\b(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})\\b");
    private static final Pattern RELATIVE_DAY = Pattern.compile("\\b(today|tomorrow|yesterday)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WEEKDAY_NAME = Pattern.compile("\\b(?:(last|next|this|on|coming) )?" + WEEKDAY
            + "\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE_WEEK = Pattern.compile("\\b(last|next|this) week\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern FUTURE = Pattern.compile(
            "\\b(will|would|shall|set to|going to|is to|are to|plans? to|planned|scheduled|expected to|upcoming|next"
            + "|intends? to|to be held|to meet|to travel|to hold)\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12));

    private DateResolver() {
    }

    public static List<DateMention> resolve(String text, LocalDate reference) {
        List<DateMention> found = new ArrayList<>();
        scan(found, ISO, text, m -> date(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
        scan(found, DOTTED, text, m -> date(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(1))));
        scan(found, MONTH_DAY, text, m -> dayMonth(m.group(2), m.group(1), m.group(3), reference, text, m.start()));
        scan(found, DAY_MONTH, text, m -> dayMonth(m.group(1), m.group(2), m.group(3), reference, text, m.start()));
        scan(found, RELATIVE_DAY, text, m -> switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "today" -> reference;
            case "tomorrow" -> reference.plusDays(1);
            default -> reference.minusDays(1);
        });
        scan(found, RELATIVE_WEEK, text, m -> switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "last" -> weekStart(reference.minusWeeks(1));
            case "next" -> weekStart(reference.plusWeeks(1));
            default -> weekStart(reference);
        });
        scan(found, WEEKDAY_NAME, text, m -> weekday(text, m, reference));
        found.sort(Comparator.comparingInt(DateMention::start));
        return found;
    }

    private interface Resolution {
        LocalDate apply(Matcher m);
    }

    /** Adds the matches that resolve and do not overlap an earlier (more specific) pattern's match. */
    private static void scan(List<DateMention> found, Pattern pattern, String text, Resolution resolution) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            boolean overlaps = found.stream().anyMatch(d -> start < d.end() && d.start() < end);
            if (overlaps) {
                continue;
            }
            LocalDate date = resolution.apply(m);
            if (date != null) {
                found.add(new DateMention(start, end, m.group(), date));
            }
        }
    }

    private static LocalDate dayMonth(String day, String monthName, String year, LocalDate reference, String text,
                                      int position) {
        int month = MONTHS.get(monthName.substring(0, 3).toLowerCase(Locale.ROOT));
        int d = Integer.parseInt(day);
        if (year != null) {
            return date(Integer.parseInt(year), month, d);
        }
        Integer narrated = narratedYear(text, position, reference);
        if (narrated != null) {
            return date(narrated, month, d);
        }
        LocalDate best = null;
        for (int y = reference.getYear() - 1; y <= reference.getYear() + 1; y++) {
            LocalDate candidate = date(y, month, d);
            if (candidate != null && (best == null || Math.abs(ChronoUnit.DAYS.between(reference, candidate))
                    < Math.abs(ChronoUnit.DAYS.between(reference, best)))) {
                best = candidate;
            }
        }
        return best;
    }

    private static LocalDate weekday(String text, Matcher m, LocalDate reference) {
        DayOfWeek day = DayOfWeek.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        String modifier = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
        // a capitalised weekday only: "may" and "sunday" in lower case are rarely dates in news text
        if (!Character.isUpperCase(m.group(2).charAt(0))) {
            return null;
        }
        boolean future = switch (modifier) {
            case "next", "coming" -> true;
            case "last" -> false;
            default -> FUTURE.matcher(sentenceBefore(text, m.start())).find();
        };
        return future ? reference.with(TemporalAdjusters.nextOrSame(day))
                : reference.with(TemporalAdjusters.previousOrSame(day));
    }

    /** A year written out on its own ("in the spring of 2022", "in 2019"), not as part of a full date. */
    private static final Pattern NARRATED_YEAR = Pattern.compile("\\b(?:in|of|since|during|until|by|from)\\s+"
            + "(?:(?:the\\s+)?(?:early|late|spring|summer|autumn|fall|winter|end|beginning|start|middle)\\s+(?:of\\s+)?)?"
            + "((?:19|20)\\d\\d)\\b");

    /**
     * The year the text is narrating where a bare day and month appears: the last year written out in that sentence
     * or the two before it, in the same paragraph, when it is not the article's own year. "In the spring of 2022 ...
     * One of its drafts, dated April 15" is 15 April 2022, though the article is from May 2025; without such a
     * year nearby, the nearest reading wins.
     */
    static Integer narratedYear(String text, int position, LocalDate reference) {
        int paragraph = Math.max(text.lastIndexOf("\n\n", position), text.lastIndexOf("\r\n\r\n", position));
        int from = Math.max(paragraph < 0 ? 0 : paragraph, 0);
        int sentences = 0;
        for (int i = position - 1; i > from; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '?' || c == '!') && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))
                    && ++sentences == 3) {
                from = i + 1;
                break;
            }
        }
        Matcher years = NARRATED_YEAR.matcher(text.substring(from, position));
        Integer last = null;
        while (years.find()) {
            last = Integer.parseInt(years.group(1));
        }
        return last != null && last != reference.getYear() ? last : null;
    }

    private static String sentenceBefore(String text, int position) {
        int from = Math.max(0, position - 160);
        String before = text.substring(from, position);
        int boundary = Math.max(before.lastIndexOf(". "), Math.max(before.lastIndexOf('\n'), before.lastIndexOf("? ")));
        return boundary >= 0 ? before.substring(boundary + 1) : before;
    }

    private static LocalDate weekStart(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
