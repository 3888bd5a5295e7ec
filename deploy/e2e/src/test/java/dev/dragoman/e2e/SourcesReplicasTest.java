package dev.dragoman.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.dragoman.local.Backends;
import dev.dragoman.local.LocalBackends;
import dev.dragoman.local.ServiceProcess;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's scale line with real processes: two ingest-service replicas on one PostgreSQL share 200 registered
 * feeds (served on 127.0.0.2, allow-listed for this test only) with a 10 s interval. Until every feed has been
 * fetched three times, none is fetched twice within one interval: no two requests for the same feed, from either replica, are
 * closer than the interval; both replicas take a share. The feeds are empty (no articles), and answer 304 to a
 * conditional request, as a quiet feed does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourcesReplicasTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static final int SOURCES = 200;
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<ServiceProcess> replicas = new ArrayList<>();
    /** Arrival times (System.nanoTime) of the requests for each feed path. */
    private final Map<String, List<Long>> requests = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService serverThreads;

    @BeforeAll
    void start() throws Exception {
        Backends backends = SharedBackends.get();
        server = HttpServer.create(new InetSocketAddress(FeedSite.ADDRESS, 0), 64);
        serverThreads = Executors.newFixedThreadPool(8);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/feeds/")) {
                requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
                String etag = "\"" + path.hashCode() + "\"";
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                } else {
                    byte[] body = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quiet " + path
                            + "</title><link>http://example.org/</link><description>No news</description>"
                            + "</channel></rss>").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
                    exchange.getResponseHeaders().set("ETag", etag);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();

        Map<String, String> common = Suite.commonEnvironment(Map.of(
                "DRAGOMAN_INGEST_FETCH_ALLOW_LIST", FeedSite.ADDRESS,
                "DRAGOMAN_INGEST_FETCH_HOST_DELAY", "5ms",
                "DRAGOMAN_INGEST_SOURCES_MIN_INTERVAL", "1s",
                "DRAGOMAN_INGEST_SOURCES_POLL_INTERVAL", "200ms"));
        // nlp-service and query-service are not needed (no feed has items): the pipeline's calls would go nowhere
        int nowhere = Suite.Ports.free().nlp();
        for (int i = 1; i <= 2; i++) {
            ServiceProcess ingest = Suite.service(E2e.projectDir(), "ingest-service", Suite.Ports.free().ingest(),
                    Suite.ingestEnvironment(backends, "sources-replicas", nowhere, nowhere, common),
                    E2e.serviceLog("sources-replicas-ingest-" + i + ".log"));
            replicas.add(ingest);
        }
        for (ServiceProcess replica : replicas) {
            replica.start(Duration.ofMinutes(3));
            LocalBackends.log(replica.name() + " ready at " + replica.url());
        }
    }

    @AfterAll
    void stop() {
        replicas.forEach(ServiceProcess::close);
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    @Test
    void twoReplicasFetchEachOf200FeedsOncePerIntervalAndNeverBothAtOnce() throws Exception {
        String feedBase = "http://" + FeedSite.ADDRESS + ":" + server.getAddress().getPort() + "/feeds/" + run + "/";
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < SOURCES; i++) {
            // registered alternately through each replica: the sources are the cluster's, not a replica's
            ServiceProcess replica = replicas.get(i % 2);
            ids.add(given().contentType("application/json")
                    .body(Map.of("type", "rss", "url", feedBase + i + ".xml", "interval", INTERVAL.toSeconds() + "s",
                            "name", "quiet " + i))
                    .when().post(replica.url() + "/api/v1/sources").then().statusCode(201).extract().path("id"));
        }
        // until every feed has been fetched three times (about three intervals; more on a slow machine)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> java.util.stream.IntStream.range(0, SOURCES).allMatch(i ->
                        requests.getOrDefault("/feeds/" + run + "/" + i + ".xml", List.of()).size() >= 3));
        long seen = System.nanoTime() - started;

        long minimumGap = INTERVAL.toNanos() - Duration.ofMillis(50).toNanos();
        for (int i = 0; i < SOURCES; i++) {
            String path = "/feeds/" + run + "/" + i + ".xml";
            List<Long> times = requests.getOrDefault(path, List.of()).stream().sorted().toList();
            assertTrue(times.size() <= seen / INTERVAL.toNanos() + 1, path + " fetched " + times.size() + " times");
            for (int k = 1; k < times.size(); k++) {
                long gap = times.get(k) - times.get(k - 1);
                assertTrue(gap >= minimumGap, path + " fetched twice within one interval: "
                        + Duration.ofNanos(gap).toMillis() + " ms apart");
            }
        }
        List<Double> byReplica = new ArrayList<>();
        for (ServiceProcess replica : replicas) {
            byReplica.add(fetchesOf(replica));
        }
        assertTrue(byReplica.stream().allMatch(n -> n > 0), "both replicas fetch: " + byReplica);
        for (String id : ids) {
            given().when().delete(replicas.get(0).url() + "/api/v1/sources/" + id).then().statusCode(204);
        }
    }

    /** The replica's own count of feed fetches (every outcome), from its Prometheus metrics. */
    private static double fetchesOf(ServiceProcess replica) {
        String metrics = given().when().get(replica.url() + "/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("dragoman_sources_fetches_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
