package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    @Test
    @Timeout(10)
    void oneLongWordIsCutIntoPiecesQuickly() {
        String text = "Lavrov said " + "w".repeat(400_000) + " in Mr. Smith's U.S. office.";
        List<Token> tokens = Tokenizer.tokenize(text);
        assertEquals(List.of("Lavrov", "said"), tokens.subList(0, 2).stream().map(Token::text).toList());
        assertTrue(tokens.stream().allMatch(t -> t.text().length() <= Tokenizer.MAX_WORD_CHARS));
        assertEquals(List.of("in", "Mr.", "Smith", "'s", "U.S.", "office", "."),
                tokens.subList(tokens.size() - 7, tokens.size()).stream().map(Token::text).toList());
        for (Token token : tokens) {
            assertEquals(token.text(), text.substring(token.start(), token.end()));
        }
    }

    @Test
    void surrogatePairsAreNotSplit() {
        String text = "\uD83D\uDE00".repeat(120);
        List<Token> tokens = Tokenizer.tokenize(text);
        assertTrue(tokens.stream().noneMatch(t -> Character.isHighSurrogate(t.text().charAt(t.text().length() - 1))));
        assertEquals(text, String.join("", tokens.stream().map(Token::text).toList()));
    }
}
