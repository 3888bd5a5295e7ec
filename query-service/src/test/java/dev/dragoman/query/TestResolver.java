package dev.dragoman.query;

import dev.dragoman.common.net.HostResolver;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the place of the system resolver in every test of this service: names under .webhook.test get the
 * addresses a test gives them, every other name is unknown. No test ever causes a real DNS lookup.
 */
@Singleton
public class TestResolver implements HostResolver {

    static final Map<String, String> NAMES = new ConcurrentHashMap<>(Map.of(
            "receiver.webhook.test", "127.0.0.2",
            "loopback.webhook.test", "127.0.0.1",
            "private.webhook.test", "10.0.0.1",
            "metadata.webhook.test", "169.254.169.254",
            "unique-local.webhook.test", "fd00::1"));

    private final HostResolver names = HostResolver.fixed(NAMES);

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return names.resolve(host);
    }
}
