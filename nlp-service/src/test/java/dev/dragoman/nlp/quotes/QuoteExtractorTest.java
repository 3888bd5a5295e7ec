package dev.dragoman.nlp.quotes;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.Quote;
import dev.dragoman.nlp.service.AnnotationService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gold quotations with their speakers, in the forms news text uses (several taken from the seed articles). */
class QuoteExtractorTest {

    private static final AnnotationService NLP = new AnnotationService();

    private static List<Quote> quotes(String text) {
        Annotation annotation = NLP.annotate(text, LocalDate.of(2025, 5, 30));
        return annotation.quotes();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            after, told         | Kremlin spokesman Dmitry Peskov spoke. "Of course, nothing will be made public, it cannot be made public," Peskov told reporters. | Of course, nothing will be made public, it cannot be made public, | person:dmitry-peskov
            after, said NAME    | "We will not allow the deployment of peacekeepers," said Sergei Lavrov.          | We will not allow the deployment of peacekeepers,  | person:sergey-lavrov
            before, colon       | Sergey Lavrov said: "The meeting will focus on the embassies."                     | The meeting will focus on the embassies.           | person:sergey-lavrov
            before, that        | Donald Trump said that "we could do deals there with Russia"                        | we could do deals there with Russia               | person:donald-trump
            pronoun             | Donald Trump spoke in the Oval Office. "I'd like to buy minerals on Russian land too if we can," he said. | I'd like to buy minerals on Russian land too if we can, | person:donald-trump
            curly marks         | “Such a meeting will take place tomorrow in Istanbul,” Sergei Lavrov said.          | Such a meeting will take place tomorrow in Istanbul, | person:sergey-lavrov
            """)
    void findsTheQuoteAndItsSpeaker(String name, String text, String quoted, String speaker) {
        List<Quote> found = quotes(text);
        assertEquals(1, found.size(), found::toString);
        assertEquals(quoted.strip(), found.get(0).text());
        assertEquals(speaker, found.get(0).speakerId());
        assertEquals(found.get(0).text(), text.substring(found.get(0).start(), found.get(0).end()).strip());
    }

    @Test
    void aQuoteOverSeveralSentencesIsOneQuote() {
        List<Quote> found = quotes("Dmitry Peskov was asked about contacts. \"First, a result must be achieved in direct "
                + "negotiations. After that, we can talk about contacts at the highest level,\" Peskov told reporters.");
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).text().startsWith("First, a result") && found.get(0).text().endsWith("highest level,"));
        assertEquals("person:dmitry-peskov", found.get(0).speakerId());
    }

    @Test
    void aQuoteContinuedInTheNextParagraphIsOneQuote() {
        List<Quote> found = quotes("Marco Rubio said: \"We will restore the embassies. It is a first step.\n\n"
                + "\"Then we will talk about Ukraine.\"");
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).text().contains("first step") && found.get(0).text().contains("talk about Ukraine"));
        assertEquals("person:marco-rubio", found.get(0).speakerId());
    }

    @Test
    void scareQuotesAreNotStatementsAndUnattributedQuotesHaveNoSpeaker() {
        assertTrue(quotes("Talks were \"substantive and businesslike\" in Turkey.").isEmpty());
        List<Quote> found = quotes("The sign read \"no entry for anyone today\" at the gate.");
        assertEquals(1, found.size());
        assertNull(found.get(0).speakerId());
    }

    @Test
    void aQuoteAnOutletReportsIsThePersonsTheParagraphIsAboutWithTheOutletAsSource() {
        List<Quote> found = quotes("Dmitry Peskov spoke about the next round of talks on Friday. \"Nothing has been "
                + "agreed on the date of the next meeting yet,\" reported TASS.");
        assertEquals(1, found.size(), found::toString);
        assertEquals("person:dmitry-peskov", found.get(0).speakerId());
        assertEquals("org:tass", found.get(0).sourceId());
        List<Quote> before = quotes("Hakan Fidan arrives in Moscow on Monday. According to Anadolu, \"Turkey wants a "
                + "just and lasting peace in Ukraine.\"");
        assertEquals(1, before.size(), before::toString);
        assertEquals("person:hakan-fidan", before.get(0).speakerId());
        assertEquals("org:anadolu-agency", before.get(0).sourceId());
    }

    @Test
    void aQuoteWithoutAVerbOfSayingIsThePersonsTheParagraphIsAbout() {
        List<Quote> found = quotes("Sergei Lavrov spoke to students in Moscow on Monday. \"We are ready for talks at "
                + "any level, but not for ultimatums.\"");
        assertEquals(1, found.size(), found::toString);
        assertEquals("person:sergey-lavrov", found.get(0).speakerId());
        assertNull(found.get(0).sourceId());
        // the person a paragraph names is no speaker for the next paragraph's quote
        List<Quote> next = quotes("Sergei Lavrov spoke on Monday.\n\n\"Prices will rise again before the summer ends,\" "
                + "the report read.");
        assertNull(next.get(0).speakerId(), next::toString);
    }

    @Test
    void anOutletsQuoteInAParagraphThatNamesNobodyIsThePersonTheTextWasJustAbout() {
        // seed 000: Lavrov's press conference, then a paragraph that names no one
        List<Quote> found = quotes("The agenda for the upcoming meeting, as explained by Lavrov, indicates that the "
                + "two sides will first seek to remove technical barriers.\n\nThe meeting in Istanbul will make it "
                + "clear \"how fast and efficiently the sides can move forward,\" reported TASS.");
        assertEquals(1, found.size(), found::toString);
        assertEquals("org:tass", found.get(0).sourceId());
        assertEquals("person:sergey-lavrov", found.get(0).speakerId());
    }
}
