package dev.dragoman.common.net;

import com.google.common.net.InetAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Turns a host name (never an address literal: {@link AddressGuard} reads those itself) into its addresses. The
 * system resolver in production; tests give names the addresses they need without any real lookup.
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (DNS, /etc/hosts). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Names answered from a map (name to address literal), read at each lookup so a test may change it; any other
     * name is unknown. For tests: no real lookup ever happens.
     */
    static HostResolver fixed(Map<String, String> names) {
        return host -> {
            String address = names.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByAddress(host, InetAddresses.forString(address).getAddress()));
        };
    }
}
