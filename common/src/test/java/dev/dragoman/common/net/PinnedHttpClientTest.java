package dev.dragoman.common.net;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The connection goes to the checked address and nowhere else. Only loopback is used: the receiver listens on
 * 127.0.0.2 (allow-listed), a sentinel on 127.0.0.1 (refused) counts every connection it is offered.
 */
class PinnedHttpClientTest {

    private Vertx vertx;
    private HttpServer receiver;
    private ServerSocket sentinel;
    private final AtomicInteger sentinelConnections = new AtomicInteger();
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        sentinel = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accepter = new Thread(() -> {
            while (!sentinel.isClosed()) {
                try (Socket ignored = sentinel.accept()) {
                    sentinelConnections.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        accepter.setDaemon(true);
        accepter.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        receiver.createContext("/hook", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + sentinel.getLocalPort() + "/");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.stop(0);
        sentinel.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private AddressGuard guard() {
        // receiver.example exists only in this resolver: reaching the receiver proves the pinned address was used
        AddressGuardTest.TestResolver resolver = new AddressGuardTest.TestResolver(Map.of(
                "receiver.example", List.of("127.0.0.2"), "sentinel.example", List.of("127.0.0.1")));
        return new AddressGuard(true, List.of("127.0.0.2/32"), resolver);
    }

    @Test
    void connectsToThePinnedAddressWithTheNameAsHost() throws Exception {
        int port = receiver.getAddress().getPort();
        try (PinnedHttpClient client = new PinnedHttpClient(vertx, Duration.ofSeconds(2))) {
            int status = client.post(guard().check("http://receiver.example:" + port + "/hook"),
                    Map.of("Content-Type", "text/plain"), "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertEquals(204, status);
        }
        assertEquals(List.of("receiver.example:" + port), hosts);
        assertEquals(List.of("hello"), bodies);
    }

    @Test
    void aRedirectIsNeverFollowed() throws Exception {
        int port = receiver.getAddress().getPort();
        try (PinnedHttpClient client = new PinnedHttpClient(vertx, Duration.ofSeconds(2))) {
            int status = client.post(guard().check("http://receiver.example:" + port + "/redirect"), Map.of(),
                    new byte[0], Duration.ofSeconds(5));
            assertEquals(307, status);
            // what the redirect points at is refused by the check it would need
            assertThrows(AddressGuard.Refused.class,
                    () -> guard().check("http://127.0.0.1:" + sentinel.getLocalPort() + "/"));
            assertThrows(AddressGuard.Refused.class,
                    () -> guard().check("http://sentinel.example:" + sentinel.getLocalPort() + "/"));
        }
        Thread.sleep(200);
        assertEquals(0, sentinelConnections.get(), "nothing connected to the redirect's target");
    }
}
