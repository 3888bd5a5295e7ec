package dev.dragoman.ingest.sources;

import dev.dragoman.common.net.HostResolver;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Takes the place of the system resolver in every test of this service: names under .feeds.test get the addresses
 * given here, every other name is unknown. No test causes a real DNS lookup, and only loopback is ever connected to
 * (private.feeds.test resolves to 10.0.0.5 so that the guard refuses it before any connection).
 */
@Singleton
public class TestResolver implements HostResolver {

    static final Map<String, String> NAMES = Map.of(
            "news.feeds.test", "127.0.0.2",
            "wire.feeds.test", "127.0.0.2",
            "loopback.feeds.test", "127.0.0.1",
            "private.feeds.test", "10.0.0.5");

    private final HostResolver names = HostResolver.fixed(NAMES);

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return names.resolve(host);
    }
}
