package dev.dragoman.common.net;

import com.google.common.net.InetAddresses;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address range such as 10.0.0.0/8 or fc00::/7 (a bare address is a range of one). */
public record Cidr(byte[] network, int prefix) {

    /** Parses "a.b.c.d/n", "x::y/n" or a bare address; the address part is read as a literal, never looked up. */
    public static Cidr parse(String text) {
        String spec = text.strip();
        int slash = spec.indexOf('/');
        InetAddress address = InetAddresses.forString(slash < 0 ? spec : spec.substring(0, slash));
        byte[] bytes = address.getAddress();
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(spec.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
        }
        return new Cidr(bytes, prefix);
    }

    /** Whether the text is a range or an address literal (and not a host name). */
    public static boolean isCidr(String text) {
        String spec = text.strip();
        int slash = spec.indexOf('/');
        return InetAddresses.isInetAddress(slash < 0 ? spec : spec.substring(0, slash));
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public String toString() {
        try {
            InetAddress address = InetAddress.getByAddress(network);
            return (address instanceof Inet4Address ? address.getHostAddress() : InetAddresses.toAddrString(address))
                    + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
