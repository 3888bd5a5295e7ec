package dev.dragoman.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dragoman.local.Backends;
import dev.dragoman.local.ServiceProcess;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * query-service at scale, in a process of its own with a small heap (96 MB): 25,000 real news articles (Reuters,
 * BBC, Yahoo Finance from ../shared/data/news, read in place) are walked page by page with the cursor, each exactly
 * once, past Elasticsearch's 10,000-hit window, and exported as one stream larger than what the heap could hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleTest {

    private static final int ARTICLES = 25_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServiceProcess query;

    @BeforeAll
    void loadArticles() throws Exception {
        Path projectDir = Path.of(System.getProperty("dragoman.project.dir", "../.."));
        Backends backends = SharedBackends.get();
        query = new ServiceProcess("query-service", ServiceProcess.jarOf(projectDir, "query-service"),
                Suite.Ports.free().query(), Map.of(
                "QUARKUS_ELASTICSEARCH_HOSTS", backends.elasticsearchHostAndPort(),
                "DRAGOMAN_QUERY_INDEX_PREFIX", "dragoman-scale",
                "DRAGOMAN_QUERY_REFRESH", "false",
                "QUARKUS_OIDC_AUTH_SERVER_URL", backends.keycloakIssuer(),
                "DRAGOMAN_HEAP", "96m",
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"),
                projectDir.resolve("deploy/e2e/target/service-logs/query-service-scale.log"));
        query.start(Duration.ofMinutes(3));

        Path news = Path.of(System.getProperty("dragoman.shared.dir", "../../../shared"), "data/news");
        ArrayNode batch = JSON.createArrayNode();
        int loaded = 0;
        for (String file : List.of("reuters21578.ndjson", "bbc_news_2225.ndjson", "yahoo_finance_2017_2020_newsplease.ndjson")) {
            try (Stream<String> lines = Files.lines(news.resolve(file))) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext() && loaded < ARTICLES) {
                    batch.add(document(JSON.readTree(it.next()), loaded++, file));
                    if (batch.size() == 1000) {
                        bulk(batch);
                        batch = JSON.createArrayNode();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            bulk(batch);
        }
        assertEquals(ARTICLES, loaded);
        // the service indexes without waiting for refreshes (refresh=false): make everything visible once
        HttpResponse<String> refresh = HTTP.send(HttpRequest.newBuilder(
                URI.create(backends.elasticsearchUrl() + "/dragoman-scale-articles/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, refresh.statusCode(), refresh.body());
    }

    @AfterAll
    void stop() {
        if (query != null) {
            query.close();
        }
    }

    private static ObjectNode document(JsonNode news, int n, String file) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", "scale-" + n);
        doc.put("title", news.path("title").asText(""));
        doc.put("body", news.path("body").asText("").isBlank() ? "(empty)" : news.path("body").asText());
        String published = news.path("publishedAt").isTextual() ? news.path("publishedAt").asText() : null;
        if (published != null) {
            doc.put("publishedAt", published.length() == 10 ? published + "T00:00:00Z" : published);
        }
        doc.put("source", file.substring(0, file.indexOf('_') > 0 ? file.indexOf('_') : file.indexOf('.')));
        doc.putObject("annotation").put("model", "none");
        return doc;
    }

    private void bulk(ArrayNode batch) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(query.url() + "/internal/v1/articles/bulk"))
                .header("Content-Type", "application/json")
                .header("Authorization", dev.dragoman.local.testing.Auth.serviceBearer("ingest-service"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, JSON.readTree(response.body()).path("failures").size(), response.body());
    }

    @Test
    void cursorWalks25000ArticlesEachExactlyOnce() throws Exception {
        Set<String> seen = new HashSet<>();
        int pages = 0;
        int hits = 0;
        String cursor = null;
        do {
            String url = query.url() + "/api/v1/search?size=100&sort=oldest"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", dev.dragoman.local.testing.Auth.bearer("reader")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = JSON.readTree(response.body());
            assertEquals(ARTICLES, page.path("total").asLong());
            for (JsonNode item : page.path("items")) {
                hits++;
                assertTrue(seen.add(item.path("id").asText()), "seen twice: " + item.path("id").asText());
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 1000);
        assertEquals(ARTICLES, hits);
        assertEquals(ARTICLES, seen.size());
        assertEquals(250, pages);
    }

    @Test
    void exportStreams25000ArticlesWithASmallHeap() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(query.url() + "/api/v1/export?format=ndjson"))
                        .header("Authorization", dev.dragoman.local.testing.Auth.bearer("reader")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        Set<String> ids = new HashSet<>();
        long bytes = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                bytes += line.length() + 1;
                ids.add(JSON.readTree(line).path("id").asText());
            }
        }
        assertEquals(ARTICLES, ids.size());
        // more text than the service's whole heap: it cannot have been held in memory at once
        assertTrue(bytes > 96L * 1024 * 1024 / 3, "export of " + bytes + " bytes");
        assertTrue(query.running() && query.ready(), "query-service survived the export");
    }
}
