package dev.dragoman.ingest.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server for the tests on 127.0.0.2 (allow-listed in the test profile), serving what each test puts at a
 * path, with ETag/304, 429 + Retry-After and redirects; it records every request. Beside it a sentinel on 127.0.0.1
 * (refused by the guard) counts every connection offered to it: it must stay at zero.
 */
final class FeedServer implements AutoCloseable {

    /** What a path answers: status, headers, body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer ok(String contentType, String body) {
            return new Answer(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request seen: its path (with query), host header, conditional header and time. */
    record Request(String path, String host, String ifNoneMatch, String userAgent, Instant at) {
    }

    private final HttpServer server;
    private final ServerSocket sentinel;
    private final AtomicInteger sentinelConnections = new AtomicInteger();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FeedServer() throws IOException {
        sentinel = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accepter = new Thread(() -> {
            while (!sentinel.isClosed()) {
                try (Socket ignored = sentinel.accept()) {
                    sentinelConnections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accepter.setDaemon(true);
        accepter.start();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int sentinelPort() {
        return sentinel.getLocalPort();
    }

    int sentinelConnections() {
        return sentinelConnections.get();
    }

    /** http://{host}:{port}{path} for a host of the test resolver. */
    String url(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    void serve(String path, Function<Request, Answer> answer) {
        routes.put(path, answer);
    }

    /** A static answer with an ETag: a request with that ETag in If-None-Match gets 304. */
    void serveWithEtag(String path, String contentType, java.util.function.Supplier<String> body) {
        routes.put(path, request -> {
            String text = body.get();
            String etag = "\"" + Integer.toHexString(text.hashCode()) + "\"";
            if (etag.equals(request.ifNoneMatch())) {
                return new Answer(304, Map.of("ETag", etag), new byte[0]);
            }
            return new Answer(200, Map.of("Content-Type", contentType, "ETag", etag),
                    text.getBytes(StandardCharsets.UTF_8));
        });
    }

    List<Request> requestsTo(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        Request request = new Request(query == null ? path : path + "?" + query,
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("If-None-Match"),
                exchange.getRequestHeaders().getFirst("User-Agent"), Instant.now());
        requests.add(request);
        Function<Request, Answer> route = routes.get(path);
        Answer answer = route == null ? new Answer(404, Map.of(), new byte[0]) : route.apply(request);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        sentinel.close();
    }
}
