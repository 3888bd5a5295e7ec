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
        // "Russian and US diplomats": the demonym counts as the country
        assertTrue(event.participants().containsAll(List.of("place:russia", "place:united-states")),
                event.participants()::toString);
    }

    @Test
    void theDateNearestTheTriggerAndNoOutletAmongTheParticipants() {
        // seed 000's first sentence: a dateline date, "on Wednesday" (the announcement) and the meeting's own date
        Event event = only("Doha [Qatar] February 26 (ANI): Russian Foreign Minister Sergey Lavrov on Wednesday "
                + "announced that Russian and US diplomats are set to meet in Istanbul on February 27 to discuss the "
                + "work of the two countries' embassies, reported TASS.", LocalDate.of(2025, 2, 26));
        assertEquals(LocalDate.of(2025, 2, 27), event.date());
        assertEquals("place:istanbul", event.placeId());
        assertTrue(event.participants().containsAll(List.of("person:sergey-lavrov", "place:russia",
                "place:united-states")), event.participants()::toString);
        assertTrue(event.participants().stream().noneMatch(p -> p.equals("org:tass") || p.equals("org:ani")),
                event.participants()::toString);
    }

    @Test
    void participantsAreCountriesOrganisationsAndPeopleNotOtherMisc() {
        Event event = only("Ukrainian and Russian delegations met in Istanbul with Hakan Fidan and NATO observers "
                + "under the Istanbul Communique.", LocalDate.of(2025, 5, 16));
        assertTrue(event.participants().containsAll(List.of("place:ukraine", "place:russia", "person:hakan-fidan")),
                event.participants()::toString);
        assertTrue(event.participants().stream().noneMatch(p -> p.startsWith("misc:")), event.participants()::toString);
    }

    @Test
    void aSentenceWithoutADateTakesTheDateItsParagraphGave() {
        List<Event> events = NLP.annotate("Sergei Lavrov and Marco Rubio met in Riyadh on Tuesday. The talks between "
                + "Lavrov and Rubio lasted four and a half hours.", LocalDate.of(2025, 2, 20)).events();
        assertEquals(2, events.size(), events::toString);
        assertEquals(LocalDate.of(2025, 2, 18), events.get(0).date());
        assertEquals(Event.Type.TALKS, events.get(1).type());
        assertEquals(LocalDate.of(2025, 2, 18), events.get(1).date());
        assertTrue(events.get(1).participants().containsAll(List.of("person:sergey-lavrov", "person:marco-rubio")));
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
