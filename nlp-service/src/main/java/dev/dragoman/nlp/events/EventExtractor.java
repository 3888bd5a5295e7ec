package dev.dragoman.nlp.events;

import dev.dragoman.common.api.DateMention;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.api.Event;
import dev.dragoman.nlp.linking.EntityLinker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meetings, talks, visits and calls, one sentence at a time: the trigger word, the people, organisations and
 * countries taking part, the place ("in Istanbul", "at the Kremlin") and the resolved date the sentence gives — or,
 * where the sentence gives none, the last date its paragraph gave before it ("met on Thursday. The talks lasted six
 * hours."). "Russian and US diplomats are set to meet in Istanbul on February 27" gives a MEETING of Russia and the
 * United States (a demonym counts as its country), in Istanbul, on 2025-02-27. Other MISC mentions (events, laws,
 * products) and news outlets that report it take no part; of several dates in the sentence, the one nearest the
 * trigger word is the event's.
 */
public final class EventExtractor {

    private static final Pattern TRIGGER = Pattern.compile("\\b(meet|meets|meeting|meetings|met|talks|negotiations|"
            + "negotiate|summit|visit|visits|visited|visiting|phone call|telephone call|call with|spoke by phone|"
            + "held talks|hold talks)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACE_PREFIX = Pattern.compile("(?:\\bin|\\bat|\\bto)\\s+(?:the\\s+)?$",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_PARTICIPANTS = 12;

    private EventExtractor() {
    }

    /** @param sentences [start, end) character spans of the sentences of the text */
    public static List<Event> extract(String text, List<int[]> sentences, List<EntityMention> entities,
                                      List<DateMention> dates) {
        List<Event> events = new ArrayList<>();
        for (int[] sentence : sentences) {
            String s = text.substring(sentence[0], sentence[1]);
            Matcher trigger = TRIGGER.matcher(s);
            if (!trigger.find()) {
                continue;
            }
            Set<String> participants = new LinkedHashSet<>();
            String place = null;
            for (EntityMention mention : entities) {
                if (mention.start() < sentence[0] || mention.end() > sentence[1]) {
                    continue;
                }
                boolean placeLike = mention.type() == EntityType.LOCATION
                        && PLACE_PREFIX.matcher(text.substring(Math.max(sentence[0], mention.start() - 8),
                        mention.start())).find();
                if (placeLike) {
                    if (place == null) {
                        place = mention.entityId();
                    }
                } else if (participants.size() < MAX_PARTICIPANTS && !EntityLinker.isOutlet(mention)) {
                    String participant = mention.type() != EntityType.MISC ? mention.entityId()
                            : EntityLinker.demonymCountry(mention.text());
                    if (participant != null) {
                        participants.add(participant);
                    }
                }
            }
            if (participants.isEmpty() && place == null) {
                continue;
            }
            if (place != null) {
                participants.remove(place);
            }
            // the sentence's date nearest the trigger ("announced on Wednesday that they will meet on February 27")
            int at = sentence[0] + trigger.start();
            java.time.LocalDate date = dates.stream()
                    .filter(d -> d.start() >= sentence[0] && d.end() <= sentence[1])
                    .min(java.util.Comparator.comparingInt(d -> d.end() <= at ? at - d.end() : d.start() - at))
                    .map(DateMention::date).orElse(null);
            if (date == null) {
                // the paragraph's date: the last one it gave before this sentence
                int paragraph = text.lastIndexOf('\n', sentence[0]) + 1;
                for (DateMention d : dates) {
                    if (d.start() >= paragraph && d.end() <= sentence[0]) {
                        date = d.date();
                    }
                }
            }
            events.add(new Event(type(trigger.group(1)), sentence[0], sentence[1], trigger.group(1),
                    List.copyOf(participants), place, date));
        }
        return events;
    }

    private static Event.Type type(String trigger) {
        String t = trigger.toLowerCase(Locale.ROOT);
        if (t.startsWith("meet") || t.equals("met")) {
            return Event.Type.MEETING;
        }
        if (t.startsWith("visit")) {
            return Event.Type.VISIT;
        }
        if (t.contains("call") || t.contains("phone")) {
            return Event.Type.CALL;
        }
        return Event.Type.TALKS;
    }
}
