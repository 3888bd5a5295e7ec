package dev.dragoman.common.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class TextNormalizerTest {

    @Test
    void controlsGoNewlinesAndTabsStay() {
        assertEquals("ab\ncd\te", TextNormalizer.normalize("a\u0000b\r\nc\u0001d\u001b\te\u007f"));
        assertEquals("a\nb", TextNormalizer.normalize("a\rb"));
        assertEquals("", TextNormalizer.normalize("\u0000\u0000"));
        assertNull(TextNormalizer.normalize(null));
    }

    @Test
    void unpairedSurrogatesAreReplacedPairsKept() {
        assertEquals("x\uFFFDy\uFFFD", TextNormalizer.normalize("x\uD800y\uDC00"));
        assertEquals("\uD83D\uDE00", TextNormalizer.normalize("\uD83D\uDE00"));
        assertEquals("\uFFFD\uD83D\uDE00", TextNormalizer.normalize("\uDE00\uD83D\uDE00"));
        String normalized = TextNormalizer.normalize("a\uD800");
        assertEquals(normalized, new String(normalized.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void cleanTextIsReturnedAsItIs() {
        String text = "Sergei Lavrov met Hakan Fidan.\n\n\tIn Ankara – on Monday. \u00e9\u4e2d";
        assertSame(text, TextNormalizer.normalize(text));
    }

    @Test
    void maskKeepsEveryOffset() {
        assertEquals("a b\r\nc\uFFFD\uD83D\uDE00 ", TextNormalizer.mask("a\u0000b\r\nc\uDC00\uD83D\uDE00\u0007"));
        String clean = "Lavrov\tin Kyiv\n";
        assertSame(clean, TextNormalizer.mask(clean));
    }
}
