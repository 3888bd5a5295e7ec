package dev.dragoman.common.net;

import dev.dragoman.common.text.TextNormalizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the guard and the normaliser over generated input (jqwik; no network, no resolver lookups). */
class AddressGuardPropertiesTest {

    private final AddressGuard guard = new AddressGuard(true, List.of(), host -> {
        throw new AssertionError("address literals must never be looked up: " + host);
    });

    /** An address of a refused IPv4 range, written in any of the spellings a URL parser accepts. */
    @Provide
    Arbitrary<String> internalIpv4Spellings() {
        Arbitrary<long[]> ranges = Arbitraries.of(new long[] {0x7f000000L, 8}, new long[] {0x0a000000L, 8},
                new long[] {0xa9fe0000L, 16}, new long[] {0xc0a80000L, 16}, new long[] {0xac100000L, 12},
                new long[] {0x64400000L, 10}, new long[] {0x00000000L, 8}, new long[] {0xe0000000L, 4});
        return Combinators.combine(ranges, Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.integers().between(0, 5)).as((range, random, spelling) -> {
                    long address = range[0] | (random & ((1L << (32 - range[1])) - 1));
                    return spell(address, spelling);
                });
    }

    static String spell(long a, int spelling) {
        int b0 = (int) (a >>> 24);
        int b1 = (int) (a >>> 16) & 0xff;
        int b2 = (int) (a >>> 8) & 0xff;
        int b3 = (int) a & 0xff;
        return switch (spelling) {
            case 0 -> b0 + "." + b1 + "." + b2 + "." + b3;
            case 1 -> Long.toString(a);
            case 2 -> "0x" + Long.toHexString(a);
            case 3 -> b0 + "." + ((b1 << 16) | (b2 << 8) | b3);
            case 4 -> "0" + Integer.toOctalString(b0) + "." + b1 + "." + b2 + "." + b3;
            default -> "[::ffff:" + b0 + "." + b1 + "." + b2 + "." + b3 + "]";
        };
    }

    @Property(tries = 300)
    void everySpellingOfAnInternalAddressIsRefused(@ForAll("internalIpv4Spellings") String host) {
        assertThrows(AddressGuard.Refused.class, () -> guard.check("http://" + host + ":8080/x"), host);
    }

    @Property(tries = 300)
    void theNormalizerLeavesNoControlsAndNoLoneSurrogates(@ForAll String text) {
        String normalized = TextNormalizer.normalize(text);
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            assertTrue(c >= 0x20 || c == '\n' || c == '\t', "control " + (int) c);
            if (Character.isHighSurrogate(c)) {
                assertTrue(Character.isLowSurrogate(normalized.charAt(++i)));
            } else {
                assertTrue(!Character.isLowSurrogate(c));
            }
        }
        assertEquals(text.length(), TextNormalizer.mask(text).length());
        assertEquals(normalized, TextNormalizer.normalize(normalized));
    }
}
