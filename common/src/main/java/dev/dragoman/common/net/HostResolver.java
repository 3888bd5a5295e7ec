package dev.dragoman.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name (never an address literal: {@link AddressGuard} reads those itself) into its addresses. The
 * system resolver in production; tests give names the addresses they need without any real lookup.
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (DNS, /etc/hosts). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}
