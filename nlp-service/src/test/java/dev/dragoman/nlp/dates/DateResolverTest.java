package dev.dragoman.nlp.dates;

import dev.dragoman.common.api.DateMention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gold dates: sentence, article date, the expression expected, and the calendar date it means. */
class DateResolverTest {

    @ParameterizedTest(name = "{0} @ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            On February 24, 2022 Russia launched a special military operation | 2025-05-30 | February 24, 2022 | 2022-02-24
            talks on Feb. 27 to discuss the reopening of embassies              | 2025-02-26 | Feb. 27           | 2025-02-27
            they met on 27 February in Istanbul                                 | 2025-03-02 | 27 February       | 2025-02-27
            a joint press conference in Tehran on February 25, 2025             | 2025-02-26 | February 25, 2025 | 2025-02-25
            Such a meeting will take place tomorrow in Istanbul.                 | 2025-02-26 | tomorrow          | 2025-02-27
            Sergey Lavrov on Wednesday announced that                           | 2025-02-26 | on Wednesday      | 2025-02-26
            Lavrov arrived Tuesday night in Doha                                | 2025-02-26 | Tuesday           | 2025-02-25
            Kremlin spokesman Dmitry Peskov said on Friday.                     | 2025-05-30 | on Friday         | 2025-05-30
            The Russian delegation in Istanbul will be ready on Monday morning  | 2025-05-30 | on Monday         | 2025-06-02
            Fidan and Lavrov will also discuss regional issues on Monday.       | 2025-05-24 | on Monday         | 2025-05-26
            the U.S. side had responded at Thursday's meeting in Istanbul       | 2025-02-28 | Thursday          | 2025-02-27
            Last week's Russia-US talks in Saudi Arabia                         | 2025-02-26 | Last week         | 2025-02-17
            The talks resume next week.                                         | 2025-02-26 | next week         | 2025-03-03
            a phone call between Trump and Putin on February 12, where          | 2025-02-26 | February 12       | 2025-02-12
            On May 16, the first direct talks were held in Istanbul.            | 2025-05-24 | May 16            | 2025-05-16
            an article published on December 30 about the year ahead            | 2025-01-03 | December 30       | 2024-12-30
            Updated: 10:12 GMT 30.05.2025                                       | 2025-05-30 | 30.05.2025        | 2025-05-30
            released on 2025-02-26 by the ministry                              | 2025-01-01 | 2025-02-26        | 2025-02-26
            yesterday's vote                                                    | 2025-03-01 | yesterday         | 2025-02-28
            in the spring of 2022, such meetings stopped. The parties concluded a major agreement. One of its drafts, dated April 15, is available | 2025-05-24 | April 15 | 2022-04-15
            In 2025 prices rose. The ministry said on April 15 that               | 2025-05-24 | April 15          | 2025-04-15
            In 2019 they met. That was long ago. Nothing changed. Today officials said on April 15 they would | 2025-05-24 | April 15 | 2025-04-15
            """)
    void resolvesAgainstTheArticleDate(String text, LocalDate published, String expression, LocalDate expected) {
        List<DateMention> dates = DateResolver.resolve(text, published);
        DateMention found = dates.stream().filter(d -> d.text().equals(expression)).findFirst()
                .orElseThrow(() -> new AssertionError("'" + expression + "' not found in " + dates));
        assertEquals(expected, found.date());
        assertEquals(expression, text.substring(found.start(), found.end()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            You may find it useful.
            Some 300 people attended.
            He said february was cold
            """)
    void ignoresWhatIsNotADate(String text) {
        assertTrue(DateResolver.resolve(text, LocalDate.of(2025, 2, 26)).isEmpty());
    }
}
