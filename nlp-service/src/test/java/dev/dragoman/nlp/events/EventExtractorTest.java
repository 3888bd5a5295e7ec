package dev.dragoman.nlp.events;

import dev.dragoman.common.api.Event;
import dev.dragoman.nlp.service.AnnotationService;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gold events from sentences of the seed articles. */
class EventExtractorTest {

    private static final AnnotationService NLP = new AnnotationService();

    private static Event only(String text, LocalDate published) {
        List<Event> events = NLP.annotate(text, published).events();
        assertEquals(1, events.size(), events::toString);
        return events.get(0);
    }

    @Test
    void meetingWithParticipantsPlaceAndDate() {
        Event event = only("Russian and US diplomats are set to meet in Istanbul on February 27 to discuss the work of "
                + "the two countries' embassies.", LocalDate.of(2025, 2, 26));
        assertEquals(Event.Type.MEETING, event.type());
        assertEquals("place:istanbul", event.placeId());
        assertEquals(LocalDate.of(2025, 2, 27), event.date());
        assertTrue(event.participants().contains("misc:russian"), event.participants()::toString);
    }

    @Test
    void talksBetweenNamedPeople() {
        Event event = only("Fidan and Lavrov will also discuss regional issues on Monday during talks in Moscow, "
                + "Hakan Fidan and Sergei Lavrov said.", LocalDate.of(2025, 5, 24));
        assertEquals(Event.Type.TALKS, event.type());
        assertEquals("place:moscow", event.placeId());
        assertEquals(LocalDate.of(2025, 5, 26), event.date());
        assertTrue(event.participants().containsAll(List.of("person:hakan-fidan", "person:sergey-lavrov")),
                event.participants()::toString);
    }

    @Test
    void phoneCall() {
        Event event = only("This development comes after a phone call between Donald Trump and Vladimir Putin on "
                + "February 12.", LocalDate.of(2025, 2, 26));
        assertEquals(Event.Type.CALL, event.type());
        assertEquals(LocalDate.of(2025, 2, 12), event.date());
        assertTrue(event.participants().containsAll(List.of("person:donald-trump", "person:vladimir-putin")));
    }

    @Test
    void sentencesWithoutAnEventGiveNone() {
        assertTrue(NLP.annotate("Shares in Aeroflot were up 3.8% after the news.", LocalDate.of(2025, 2, 28))
                .events().isEmpty());
    }
}
