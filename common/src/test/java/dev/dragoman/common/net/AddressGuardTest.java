package dev.dragoman.common.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSRF table: every URL is refused by the decision alone. Nothing here opens a socket; names come from a test
 * resolver (no DNS), and address literals must never reach a resolver at all.
 */
class AddressGuardTest {

    /** Names and the addresses a test gives them; any other name is unknown. Records every lookup. */
    static final class TestResolver implements HostResolver {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final Map<String, List<String>> names;

        TestResolver(Map<String, List<String>> names) {
            this.names = names;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            List<String> addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> result = new java.util.ArrayList<>();
            for (String a : addresses) {
                result.add(InetAddress.getByAddress(host, com.google.common.net.InetAddresses.forString(a).getAddress()));
            }
            return result;
        }
    }

    final TestResolver resolver = new TestResolver(Map.of(
            "loopback.example", List.of("127.0.0.1"),
            "v6-loopback.example", List.of("::1"),
            "private.example", List.of("10.1.2.3"),
            "metadata.example", List.of("169.254.169.254"),
            "cgnat.example", List.of("100.64.0.7"),
            "mixed.example", List.of("93.184.216.34", "192.168.0.10"),
            "public.example", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")));

    final AddressGuard guard = new AddressGuard(true, List.of(), resolver);

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:8081/                     | loopback
            http://localhost:9200/                     | loopback
            http://LOCALHOST./                         | loopback
            http://api.localhost/                      | loopback
            http://[::1]:8083/                         | loopback
            http://169.254.169.254/latest/meta-data/   | link-local
            http://10.0.0.1/                           | private
            http://192.168.1.1/                        | private
            http://172.16.5.4/                         | private
            http://172.31.255.255/                     | private
            http://100.64.0.1/                         | carrier-grade NAT
            http://0.0.0.0:8082/                       | unspecified
            http://0/                                  | unspecified
            http://[::]/                               | unspecified
            http://2130706433/                         | loopback
            http://127.1/                              | loopback
            http://0x7f.1/                             | loopback
            http://0x7f000001/                         | loopback
            http://0177.0.0.1/                         | loopback
            http://017700000001/                       | loopback
            http://127.0.0.1./                         | loopback
            http://3232235777/                         | private
            http://0xA9FEA9FE/                         | link-local
            http://[::ffff:127.0.0.1]/                 | loopback
            http://[::ffff:7f00:1]/                    | loopback
            http://[::ffff:169.254.169.254]/           | link-local
            http://[::127.0.0.1]/                      | IPv4-compatible
            http://[64:ff9b::a00:1]/                   | private
            http://[2002:7f00:1::]/                    | loopback
            http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/ | Teredo
            http://[fd00::1]/                          | unique-local
            http://[fc00::1]/                          | unique-local
            http://[fe80::1]/                          | link-local
            http://[fec0::1]/                          | site-local
            http://[ff02::1]/                          | multicast
            http://224.0.0.1/                          | multicast
            http://255.255.255.255/                    | broadcast
            http://loopback.example:8081/              | loopback
            http://v6-loopback.example/                | loopback
            http://private.example/                    | private
            http://metadata.example/latest/meta-data/  | link-local
            http://cgnat.example/                      | carrier-grade NAT
            http://mixed.example/                      | private
            """)
    void theSsrfTableIsRefusedBeforeAnyConnection(String url, String reason) {
        AddressGuard.Refused refused = assertThrows(AddressGuard.Refused.class, () -> guard.check(url));
        assertTrue(refused.getMessage().contains(reason), url + ": " + refused.getMessage());
        // address literals, in any spelling, and localhost are decided without any lookup
        assertTrue(url.contains(".example") || resolver.asked.isEmpty(), url + " was looked up: " + resolver.asked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://public.example/", "file:///etc/passwd", "gopher://public.example/",
            "http://user:pw@public.example/", "http://public.example@127.0.0.1/", "http:///path", "not a url",
            "http://unknown.example/", "http://256.0.0.1/", "http://1.2.3.4.5/", "http://0x/x", "http://[::1/",
            "http://public.example:99999/", "http://public.example:/", "http://пример.example/",
            "http://127.0.0.%31/", "http://public.example/#frag", "http://[fe80::1%25eth0]/"})
    void otherBadUrlsAreRefused(String url) {
        assertThrows(AddressGuard.Refused.class, () -> guard.check(url), url);
    }

    @Test
    void httpsOnlyUnlessHttpIsAllowed() {
        AddressGuard strict = new AddressGuard(false, List.of(), resolver);
        assertTrue(assertThrows(AddressGuard.Refused.class, () -> strict.check("http://public.example/"))
                .getMessage().contains("https"));
        AddressGuard.Target target = strict.check("https://public.example/hook?x=1");
        assertEquals(443, target.port());
        assertTrue(target.tls());
        assertEquals("/hook?x=1", target.pathAndQuery());
    }

    @Test
    void aPublicNameIsPinnedToTheAddressThatWasChecked() throws Exception {
        AddressGuard.Target target = guard.check("http://Public.Example:8080");
        assertEquals("public.example", target.host());
        assertEquals(8080, target.port());
        assertEquals(InetAddress.getByName("93.184.216.34"), InetAddress.getByAddress(target.address().getAddress()));
        assertEquals("/", target.pathAndQuery());
    }

    @Test
    void theAllowListOverridesByRangeOrByName() {
        AddressGuard allowing = new AddressGuard(true, List.of("127.0.0.2/32", "private.example", " "), resolver);
        assertEquals("127.0.0.2", allowing.check("http://127.0.0.2:9/").address().getHostAddress());
        assertEquals("10.1.2.3", allowing.check("http://private.example/").address().getHostAddress());
        assertThrows(AddressGuard.Refused.class, () -> allowing.check("http://127.0.0.1/"));
        assertThrows(AddressGuard.Refused.class, () -> allowing.check("http://2130706433/"));
        assertThrows(AddressGuard.Refused.class, () -> allowing.check("http://metadata.example/"));
    }

    @Test
    void cidrsMatchByPrefix() {
        assertTrue(Cidr.parse("172.16.0.0/12").contains(com.google.common.net.InetAddresses.forString("172.31.1.1")));
        assertTrue(!Cidr.parse("172.16.0.0/12").contains(com.google.common.net.InetAddresses.forString("172.32.0.1")));
        assertTrue(Cidr.parse("fc00::/7").contains(com.google.common.net.InetAddresses.forString("fdff::1")));
        assertTrue(!Cidr.parse("fc00::/7").contains(com.google.common.net.InetAddresses.forString("127.0.0.1")));
        assertEquals("10.0.0.0/8", Cidr.parse("10.0.0.0/8").toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}
