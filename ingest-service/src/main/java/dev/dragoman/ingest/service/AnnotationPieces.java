package dev.dragoman.ingest.service;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.DateMention;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.Event;
import dev.dragoman.common.api.Quote;

import java.util.ArrayList;
import java.util.List;

/**
 * A text longer than one annotate call takes is tagged in pieces: cut at a paragraph end, else a sentence end, else
 * a space, else anywhere; the pieces' annotations are joined with their offsets moved back into the whole text.
 */
public final class AnnotationPieces {

    /** One piece of a text and where it starts in it. */
    public record Piece(int offset, String text) {
    }

    private AnnotationPieces() {
    }

    public static List<Piece> split(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        while (text.length() - start > maxChars) {
            int end = cut(text, start, start + maxChars);
            pieces.add(new Piece(start, text.substring(start, end)));
            start = end;
        }
        pieces.add(new Piece(start, text.substring(start)));
        return pieces.stream().filter(p -> !p.text().isBlank()).toList();
    }

    /** The best place to end a piece that starts at {@code start} and must end by {@code limit}. */
    private static int cut(String text, int start, int limit) {
        int floor = start + (limit - start) / 2; // never a piece of less than half the size
        int paragraph = text.lastIndexOf('\n', limit - 1);
        if (paragraph >= floor) {
            return paragraph + 1;
        }
        for (int i = limit - 1; i >= floor; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))) {
                return i + 2;
            }
        }
        int space = text.lastIndexOf(' ', limit - 1);
        if (space >= floor) {
            return space + 1;
        }
        // never between the two halves of a surrogate pair
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    /** The pieces' annotations as one annotation of the whole text (model and language of the first piece). */
    public static Annotation join(List<Piece> pieces, List<Annotation> annotations) {
        if (annotations.size() == 1 && pieces.get(0).offset() == 0) {
            return annotations.get(0);
        }
        List<EntityMention> entities = new ArrayList<>();
        List<DateMention> dates = new ArrayList<>();
        List<Quote> quotes = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            int offset = pieces.get(i).offset();
            Annotation a = annotations.get(i);
            a.entities().forEach(m -> entities.add(m.shifted(offset)));
            a.dates().forEach(m -> dates.add(m.shifted(offset)));
            a.quotes().forEach(q -> quotes.add(q.shifted(offset)));
            a.events().forEach(e -> events.add(e.shifted(offset)));
        }
        Annotation first = annotations.get(0);
        return new Annotation(first.model(), first.language(), entities, dates, quotes, events);
    }
}
