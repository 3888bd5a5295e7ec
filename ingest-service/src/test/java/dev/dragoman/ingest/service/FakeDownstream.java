package dev.dragoman.ingest.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nlp-service and query-service stand-ins on loopback, for the pipeline's failure handling and the knowledge-base
 * follower: annotate answers 500 for any text with the word POISON and a small annotation otherwise; bulk indexing
 * accepts everything; the knowledge base's changes are what a test sets in {@link #changes} (500 while it is null),
 * each call's {@code since} and Authorization header recorded in {@link #CHANGES_CALLS}, the answer held until the
 * test opens {@link #changesGate}; annotate holds any text with the word SLOW until the test opens {@link #slowGate};
 * each bulk call's {@code backlog} parameter and article ids are recorded in {@link #BULKS}. (The real services are
 * exercised end to end in deploy/e2e.)
 */
public class FakeDownstream implements QuarkusTestResourceLifecycleManager {

    static final AtomicInteger POISON_CALLS = new AtomicInteger();

    /** One call of GET /api/v1/entities/changes: the since asked for and the Authorization header sent. */
    record ChangesCall(String since, String authorization) {
    }

    static final List<ChangesCall> CHANGES_CALLS = new CopyOnWriteArrayList<>();

    /** One call of the bulk endpoint: its backlog parameter (null: not sent) and the ids of its articles. */
    record BulkCall(String backlog, List<String> ids) {
    }

    static final List<BulkCall> BULKS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch slowGate = new CountDownLatch(0);
    /** The JSON the changes answer ({@code %s} is replaced by the since asked for); null answers 500. */
    static volatile String changes;
    static volatile CountDownLatch changesGate = new CountDownLatch(0);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/annotate", exchange -> {
            String body = read(exchange);
            if (body.contains("SLOW")) {
                try {
                    slowGate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (body.contains("POISON")) {
                POISON_CALLS.incrementAndGet();
                answer(exchange, 500, "{\"status\":500,\"title\":\"Internal error\",\"detail\":\"the tagger broke on it\"}");
            } else {
                answer(exchange, 200, "{\"model\":\"fake\",\"language\":\"en\",\"entities\":[],\"dates\":[],"
                        + "\"quotes\":[],\"events\":[]}");
            }
        });
        server.setExecutor(Executors.newCachedThreadPool()); // a held changes answer must not hold the other calls
        server.createContext("/api/v1/entities/changes", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String since = query == null ? ""
                    : URLDecoder.decode(query.replaceFirst("^.*since=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
            CHANGES_CALLS.add(new ChangesCall(since, exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                changesGate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String json = changes;
            if (json == null) {
                answer(exchange, 500, "{\"status\":500,\"title\":\"Internal error\"}");
            } else {
                answer(exchange, 200, json.replace("%s", since));
            }
        });
        server.createContext("/internal/v1/articles/bulk", exchange -> {
            Matcher ids = ID.matcher(read(exchange));
            List<String> found = new java.util.ArrayList<>();
            while (ids.find()) {
                found.add(ids.group(1));
            }
            String query = exchange.getRequestURI().getRawQuery();
            BULKS.add(new BulkCall(query == null || !query.contains("backlog=") ? null
                    : query.replaceFirst("^.*backlog=([^&]*).*$", "$1"), found));
            answer(exchange, 200, "{\"indexed\":" + found.size() + ",\"failures\":[]}");
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.nlp.url", url, "quarkus.rest-client.query.url", url,
                "dragoman.ingest.pipeline.max-attempts", "3",
                "dragoman.ingest.pipeline.initial-backoff", "50ms",
                "dragoman.ingest.pipeline.max-backoff", "200ms");
    }

    private static String read(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
