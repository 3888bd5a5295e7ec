package dev.dragoman.common.net;

import com.google.common.net.InetAddresses;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a URL given by a caller (a webhook, a feed) may be fetched by the server, before any socket is
 * opened: only https (and http where allowed), and the host refused when <em>any</em> of its addresses is loopback,
 * link-local, private, shared (CGNAT), unique-local, multicast, unspecified or otherwise special — in IPv4 and IPv6,
 * IPv4-mapped and -compatible forms included. A host that ends in a number is read as an IPv4 address with the
 * rules of the WHATWG URL standard (what browsers and curl do: {@code 2130706433}, {@code 127.1}, {@code 0x7f.1},
 * {@code 0177.0.0.1} are all 127.0.0.1), never sent to DNS. An allow-list of host names and ranges overrides.
 * <p>
 * The answer is a {@link Target} holding the one address that was checked: the connection must go to that address
 * (see {@link PinnedHttpClient}), so that a second DNS answer cannot swap in another one, and every redirect would
 * need a check of its own (none are followed).
 */
public final class AddressGuard {

    /** Special-purpose ranges (IANA registries), by the reason given when an address is in them. */
    private static final Map<Cidr, String> REFUSED = refusedRanges();

    private final boolean allowHttp;
    private final Set<String> allowedHosts = new TreeSet<>();
    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final HostResolver resolver;

    /**
     * @param allowHttp whether plain http is accepted besides https
     * @param allowList host names and address ranges (e.g. {@code hooks.internal.example}, {@code 10.20.0.0/16})
     *                  accepted even where the rules above refuse them
     * @param resolver  resolves host names; address literals never reach it
     */
    public AddressGuard(boolean allowHttp, Collection<String> allowList, HostResolver resolver) {
        this.allowHttp = allowHttp;
        this.resolver = resolver;
        for (String entry : allowList) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            if (Cidr.isCidr(entry)) {
                allowedRanges.add(Cidr.parse(entry));
            } else {
                allowedHosts.add(normalName(entry));
            }
        }
    }

    /** Where a checked URL may be fetched: its host (for Host and TLS), port, and the one address to connect to. */
    public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {

        /** The path and query to request, never empty. */
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** A URL the guard will not let the server fetch; the message says why, without saying what answered. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Checks a URL and picks the address to connect to. Throws {@link Refused} for anything not allowed; the only
     * I/O is the resolver's lookup of a host name.
     */
    public Target check(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException | NullPointerException e) {
            throw new Refused("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !(allowHttp && scheme.equals("http"))) {
            throw new Refused(allowHttp ? "only http and https URLs are accepted" : "only https URLs are accepted");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("the URL must not have a fragment");
        }
        // The authority is read here rather than by java.net.URI, which gives no host for "2130706433" or "127.1"
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new Refused("the URL has no host");
        }
        if (authority.contains("@")) {
            throw new Refused("credentials in the URL are not accepted");
        }
        int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
        int colon = authority.indexOf(':', Math.max(close, 0));
        String rawHost = colon < 0 ? authority : authority.substring(0, colon);
        if (rawHost.isEmpty() || (authority.startsWith("[") && close != rawHost.length() - 1)
                || (!rawHost.startsWith("[") && !rawHost.matches("[A-Za-z0-9._-]+"))) {
            throw new Refused("the URL has no valid host name (international names must be given in punycode)");
        }
        int port = tls ? 443 : 80;
        if (colon >= 0) {
            String digits = authority.substring(colon + 1);
            if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
                throw new Refused("the URL has an invalid port");
            }
            port = Integer.parseInt(digits);
        }
        String host = normalName(rawHost);
        List<InetAddress> addresses = addressesOf(host);
        boolean hostAllowed = allowedHosts.contains(host);
        for (InetAddress address : addresses) {
            Optional<String> reason = refusal(address);
            if (reason.isPresent() && !hostAllowed && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
                throw new Refused("the host " + (literal(host) ? "is" : "resolves to") + " " + reason.get()
                        + " address");
            }
        }
        return new Target(uri, host, port, tls, addresses.get(0));
    }

    private List<InetAddress> addressesOf(String host) {
        if (host.startsWith("[")) {
            try {
                return List.of(InetAddresses.forUriString(host));
            } catch (IllegalArgumentException e) {
                throw new Refused("the host is not a valid IPv6 address");
            }
        }
        if (endsInNumber(host)) {
            return List.of(ipv4(host).orElseThrow(() -> new Refused("the host is not a valid IPv4 address")));
        }
        if (!allowedHosts.contains(host) && (host.equals("localhost") || host.endsWith(".localhost"))) {
            throw new Refused("the host is a loopback address"); // RFC 6761: never sent to DNS
        }
        List<InetAddress> resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host name does not resolve");
        }
        if (resolved == null || resolved.isEmpty()) {
            throw new Refused("the host name does not resolve");
        }
        return resolved;
    }

    /** Why an address is refused ("a loopback"), or empty for an ordinary public address. */
    public static Optional<String> refusal(InetAddress address) {
        InetAddress judged = address;
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (InetAddresses.isTeredoAddress(v6)) {
                return Optional.of("a Teredo tunnel");
            }
            if (isIpv4Mapped(b)) {
                judged = embedded(b, 12);
            } else if (InetAddresses.isCompatIPv4Address(v6)) {
                return Optional.of("an IPv4-compatible (deprecated)");
            } else if (isNat64(b)) {
                judged = embedded(b, 12);
            } else if (InetAddresses.is6to4Address(v6)) {
                judged = InetAddresses.get6to4IPv4Address(v6);
            }
        }
        InetAddress candidate = judged;
        return REFUSED.entrySet().stream().filter(e -> e.getKey().contains(candidate)).map(Map.Entry::getValue)
                .findFirst();
    }

    private static boolean literal(String host) {
        return host.startsWith("[") || endsInNumber(host);
    }

    private static String normalName(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    /** WHATWG URL standard, "ends in a number": such a host is an IPv4 address or invalid, never a name. */
    static boolean endsInNumber(String host) {
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2];
        }
        return !last.isEmpty() && (last.chars().allMatch(c -> c >= '0' && c <= '9')
                || last.matches("0[xX][0-9a-fA-F]*"));
    }

    /** WHATWG URL standard, IPv4 parser: 1 to 4 parts, each decimal, 0x-hex or 0-octal; the last fills the rest. */
    static Optional<InetAddress> ipv4(String host) {
        String[] parts = host.endsWith(".") ? host.substring(0, host.length() - 1).split("\\.", -1)
                : host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            OptionalLongValue n = number(parts[i]);
            if (n == null) {
                return Optional.empty();
            }
            numbers[i] = n.value;
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            return Optional.empty();
        }
        long value = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            value += numbers[i] << (8 * (3 - i));
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record OptionalLongValue(long value) {
    }

    private static OptionalLongValue number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return new OptionalLongValue(0);
        }
        if (digits.length() > 12) {
            return null;
        }
        try {
            return new OptionalLongValue(Long.parseLong(digits, radix));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static boolean isNat64(byte[] b) {
        return Cidr.parse("64:ff9b::/96").contains(bytesToAddress(b));
    }

    private static InetAddress embedded(byte[] b, int from) {
        return bytesToAddress(java.util.Arrays.copyOfRange(b, from, from + 4));
    }

    private static InetAddress bytesToAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Cidr, String> refusedRanges() {
        Map<Cidr, String> ranges = new java.util.LinkedHashMap<>();
        // IPv4
        ranges.put(Cidr.parse("0.0.0.0/8"), "an unspecified (this-network)");
        ranges.put(Cidr.parse("127.0.0.0/8"), "a loopback");
        ranges.put(Cidr.parse("169.254.0.0/16"), "a link-local");
        ranges.put(Cidr.parse("10.0.0.0/8"), "a private");
        ranges.put(Cidr.parse("172.16.0.0/12"), "a private");
        ranges.put(Cidr.parse("192.168.0.0/16"), "a private");
        ranges.put(Cidr.parse("100.64.0.0/10"), "a shared (carrier-grade NAT)");
        ranges.put(Cidr.parse("192.0.0.0/24"), "a special-purpose");
        ranges.put(Cidr.parse("192.0.2.0/24"), "a documentation");
        ranges.put(Cidr.parse("198.51.100.0/24"), "a documentation");
        ranges.put(Cidr.parse("203.0.113.0/24"), "a documentation");
        ranges.put(Cidr.parse("192.88.99.0/24"), "a relay (6to4 anycast)");
        ranges.put(Cidr.parse("198.18.0.0/15"), "a benchmarking");
        ranges.put(Cidr.parse("224.0.0.0/4"), "a multicast");
        ranges.put(Cidr.parse("240.0.0.0/4"), "a reserved (or broadcast)");
        // IPv6 (IPv4-mapped, -compatible, NAT64 and 6to4 forms are judged by the IPv4 address they embed)
        ranges.put(Cidr.parse("::/128"), "an unspecified");
        ranges.put(Cidr.parse("::1/128"), "a loopback");
        ranges.put(Cidr.parse("100::/64"), "a discard-only");
        ranges.put(Cidr.parse("2001:db8::/32"), "a documentation");
        ranges.put(Cidr.parse("2001:10::/28"), "a special-purpose (ORCHID)");
        ranges.put(Cidr.parse("2001:20::/28"), "a special-purpose (ORCHIDv2)");
        ranges.put(Cidr.parse("fc00::/7"), "a unique-local (private)");
        ranges.put(Cidr.parse("fe80::/10"), "a link-local");
        ranges.put(Cidr.parse("fec0::/10"), "a site-local (private)");
        ranges.put(Cidr.parse("ff00::/8"), "a multicast");
        return java.util.Collections.unmodifiableMap(ranges);
    }
}
