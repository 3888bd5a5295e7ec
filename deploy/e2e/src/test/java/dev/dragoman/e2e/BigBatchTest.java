package dev.dragoman.e2e;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's streaming acceptance: one NDJSON batch of 200 MB (real Yahoo Finance articles from ../shared/data/news,
 * read in place and repeated, each copy made unique) sent in one request to ingest-service running with a 128 MB heap.
 * The batch is generated while it is sent (never held whole, here or there); the answer is read as a stream, one item
 * per line of the batch; the service is still alive and ready afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigBatchTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static final long BATCH_BYTES = 200L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceProcess ingest;
    private Path log;

    @BeforeAll
    void start() throws IOException {
        Backends backends = SharedBackends.get();
        log = E2e.serviceLog("ingest-service-big-batch.log");
        Map<String, String> common = Suite.commonEnvironment(Map.of(
                "DRAGOMAN_HEAP", "128m",
                // the articles are only stored: nothing moves them on, so nlp-service and query-service are not needed
                "DRAGOMAN_INGEST_PIPELINE_ENABLED", "false"));
        ingest = Suite.service(E2e.projectDir(), "ingest-service", Suite.Ports.free().ingest(),
                Suite.ingestEnvironment(backends, "big-batch", 1, 1, common), log);
        ingest.start(Duration.ofMinutes(3));
    }

    @AfterAll
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void aBatchOf200MegabytesIsStoredAndAnsweredLineByLineWithA128MegabyteHeap() throws Exception {
        long started = System.nanoTime();
        String run = UUID.randomUUID().toString();
        AtomicLong sentLines = new AtomicLong();
        AtomicLong sentBytes = new AtomicLong();
        // the batch is generated as it is sent, while the answer is read: neither side holds it whole
        Answer answer;
        try (StreamingPost post = new StreamingPost(ingest.url() + "/api/v1/articles/batch", "application/x-ndjson",
                Duration.ofMinutes(3), out -> writeBatch(out, run, sentLines, sentBytes))) {
            assertEquals(200, post.status());
            answer = readAnswer(post.answer());
            post.awaitSent();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LocalBackends.log(String.format("big batch: %d articles, %d MB in %.0f s; answers: %s", sentLines.get(),
                sentBytes.get() >> 20, seconds, answer.counts()));

        assertTrue(sentBytes.get() >= BATCH_BYTES, "sent " + sentBytes.get() + " bytes");
        assertEquals(sentLines.get(), answer.items(), "one answer per line");
        assertEquals(Map.of("accepted", sentLines.get(), "duplicates", 0L, "rejected", 0L), answer.counts());
        assertNotNull(answer.batchId());
        assertBatchRecorded(answer.batchId(), sentLines.get());

        // the service lived through it: alive, ready, no OutOfMemoryError
        assertTrue(ingest.running() && ingest.ready(), "ingest-service survived the batch");
        assertFalse(Files.readString(log).contains("OutOfMemoryError"), "OutOfMemoryError in " + log);
        LocalBackends.log("big batch: ingest-service heap used afterwards " + (heapUsed() >> 20) + " MB of 128");
    }

    /** What the answer said: its items (each checked as it was read), the batch's id and the totals. */
    private record Answer(long items, String batchId, Map<String, Long> counts) {
    }

    /** Reads {batchId, items: [{line, id, status, duplicate, error}, ...], accepted, duplicates, rejected} as a stream. */
    private static Answer readAnswer(InputStream answer) throws IOException {
        long items = 0;
        String batchId = null;
        Map<String, Long> counts = new HashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(answer)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("items".equals(field)) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode item = JSON.readTree(parser);
                        items++;
                        assertEquals(items, item.path("line").asLong(), "answers in the order of the lines");
                        assertTrue(item.path("id").isTextual(), item::toString);
                        assertFalse(item.path("duplicate").asBoolean(), item::toString);
                        assertTrue(item.path("error").isMissingNode() || item.path("error").isNull(), item::toString);
                    }
                } else if ("batchId".equals(field)) {
                    batchId = parser.getText();
                } else {
                    counts.put(field, parser.getLongValue());
                }
            }
        }
        return new Answer(items, batchId, counts);
    }

    /** The batch's own record agrees with its answer. */
    private void assertBatchRecorded(String batchId, long lines) {
        io.restassured.RestAssured.given().when().get(ingest.url() + "/api/v1/batches/" + batchId)
                .then().statusCode(200)
                .body("lines", org.hamcrest.Matchers.equalTo((int) lines))
                .body("accepted", org.hamcrest.Matchers.equalTo((int) lines))
                .body("received", org.hamcrest.Matchers.equalTo((int) lines));
    }

    /** Real articles, round after round, each copy made unique, until the batch has its size. */
    private static void writeBatch(OutputStream out, String run, AtomicLong lines, AtomicLong bytes) throws IOException {
        Path file = E2e.news("yahoo_finance_2017_2020_newsplease.ndjson");
        for (int round = 0; bytes.get() < BATCH_BYTES; round++) {
            try (Stream<String> source = Files.lines(file)) {
                Iterator<String> it = source.iterator();
                for (int n = 0; bytes.get() < BATCH_BYTES && it.hasNext(); n++) {
                    ObjectNode article = (ObjectNode) JSON.readTree(it.next());
                    String text = article.path("body").asText("");
                    if (text.length() < 200) {
                        continue; // an empty or headline-only item would be refused, not stored
                    }
                    article.remove("id");
                    // a first paragraph of its own: ingest-service's cleaner drops a paragraph that reads like web
                    // debris (with whatever else is on it) and everything after a "more news" tail
                    article.put("body", "Copy " + round + "-" + n + " of " + run + ".\n\n" + text);
                    if (article.path("title").asText("").isBlank()) {
                        article.put("title", "Yahoo Finance"); // else the cleaner takes a headline from the body
                    }
                    byte[] line = (JSON.writeValueAsString(article) + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(line);
                    lines.incrementAndGet();
                    bytes.addAndGet(line.length);
                }
            }
        }
    }

    /** Heap in use, from the service's own Prometheus metrics. */
    private long heapUsed() throws IOException {
        String metrics = io.restassured.RestAssured.given().when().get(ingest.url() + "/q/metrics")
                .then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        assertTrue(total > 0, "no heap metric");
        return (long) total;
    }
}
