package dev.dragoman.nlp.language;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LanguageIdentifierTest {

    private static final LanguageIdentifier LANGUAGES = new LanguageIdentifier();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            en  | Russian and US diplomats are set to meet in Istanbul on February 27 to discuss the work of the embassies.
            de  | Russische und amerikanische Diplomaten wollen sich am 27. Februar in Istanbul treffen, um über die Botschaften zu sprechen.
            fr  | Les diplomates russes et américains doivent se rencontrer à Istanbul le 27 février pour discuter du travail des ambassades.
            ru  | Российские и американские дипломаты встретятся в Стамбуле 27 февраля, чтобы обсудить работу посольств.
            uk  | Російські та американські дипломати зустрінуться в Стамбулі 27 лютого, щоб обговорити роботу посольств.
            tr  | Rus ve Amerikalı diplomatlar, büyükelçiliklerin çalışmalarını görüşmek üzere 27 Şubat'ta İstanbul'da bir araya gelecek.
            und | 12345 67890
            """)
    void identifiesTheLanguage(String expected, String text) {
        assertEquals(expected, LANGUAGES.identify(text));
    }
}
