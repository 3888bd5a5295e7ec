package dev.dragoman.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.dragoman.common.api.Annotation;
import dev.dragoman.local.LocalBackends;
import dev.dragoman.local.ServiceProcess;
import dev.dragoman.local.Suite;
import dev.dragoman.nlp.service.AnnotationService;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Measures query-service against the equivalent raw Elasticsearch queries, in the same run, on the same node:
 * /search, /search with facets, and /entities/{id}/cooccurrences at N concurrent clients.
 * <p>
 * The corpus: the ~36,000 real articles of ../shared/data/news, annotated by the project's own tagger in process,
 * then re-dated copies with new ids up to the requested count (default 100,000).
 * <pre>
 * deploy/bench/query-load [--articles 100000] [--clients 50] [--seconds 10] [--rounds 3] [--out docs/benchmarks/query-load.md]
 * </pre>
 */
public final class QueryLoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String INDEX = "bench-articles";
    private static final List<String> TERMS = List.of("oil", "bank", "election", "president", "market", "shares",
            "minister", "talks", "trade", "government", "prices", "court", "football", "war", "profit", "china",
            "rates", "company", "police", "film");

    private QueryLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(option(args, "--articles", "100000"));
        int clients = Integer.parseInt(option(args, "--clients", "50"));
        Duration seconds = Duration.ofSeconds(Long.parseLong(option(args, "--seconds", "10")));
        int rounds = Integer.parseInt(option(args, "--rounds", "3"));
        Path projectDir = Path.of(option(args, "--project-dir", ".")).toAbsolutePath().normalize();
        Path out = projectDir.resolve(option(args, "--out", "docs/benchmarks/query-load.md"));
        Path news = Path.of(option(args, "--news", projectDir.resolve("../shared/data/news").toString()));

        try (LocalBackends backends = LocalBackends.start(0, 0, option(args, "--es-heap", "1g"));
             var stackTokens = new AutoCloseable() {
                 { LoadRunner.tokens = backends.backends().tokens(); }

                 @Override
                 public void close() {
                     LoadRunner.tokens = null;
                 }
             };
             ServiceProcess query = queryService(projectDir, backends, "query-service", Map.of());
             // the same service with its answer caches off: what a request costs when nothing is cached
             ServiceProcess uncached = queryService(projectDir, backends, "query-service-uncached",
                     Map.of("QUARKUS_CACHE_ENABLED", "false"))) {
            query.start(Duration.ofMinutes(3));
            String es = backends.elasticsearch().url();
            String service = query.url();
            long loadStart = System.nanoTime();
            load(news, articles, service, projectDir.resolve("target/bench/annotated-news.ndjson.gz"));
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(LoadRunner.postJson(es + "/" + INDEX + "/_refresh", ""),
                    HttpResponse.BodyHandlers.discarding());
            System.out.printf("loaded %d articles in %.0f s%n", articles, (System.nanoTime() - loadStart) / 1e9);

            uncached.start(Duration.ofMinutes(3));
            List<String> people = topPeople(service);
            System.out.println("entities for co-occurrence: " + people);
            LoadRunner runner = new LoadRunner();
            List<Comparison> comparisons = new ArrayList<>();
            Duration warmup = Duration.ofSeconds(5);
            for (Scenario scenario : scenarios(es, service, uncached.url(), people)) {
                runner.run("warmup", clients, warmup, scenario.service);
                runner.run("warmup", clients, warmup, scenario.raw);
                // Rounds alternate which side goes first, so a slow spell of the shared machine (GC, merges,
                // another process) falls on both sides alike; the report pools the samples of all rounds.
                Comparison comparison = new Comparison(scenario.name);
                for (int round = 0; round < rounds; round++) {
                    boolean rawFirst = round % 2 == 0;
                    for (int side = 0; side < 2; side++) {
                        boolean raw = rawFirst == (side == 0);
                        LoadRunner.Result result = runner.run(scenario.name + (raw ? RAW : SERVICE), clients, seconds,
                                raw ? scenario.raw : scenario.service);
                        (raw ? comparison.raw : comparison.service).add(result);
                        System.out.println(row(result));
                    }
                }
                comparisons.add(comparison);
                System.out.printf("%s: p95 ratio %.2f (rounds: %s)%n", scenario.name, comparison.p95Ratio(),
                        comparison.roundRatios());
            }
            Files.createDirectories(out.getParent());
            Files.writeString(out, report(articles, clients, seconds, rounds, comparisons));
            System.out.println("written " + out);
        }
    }

    private static final String RAW = " (raw Elasticsearch)";
    private static final String SERVICE = " (query-service)";

    /** The rounds of one scenario, each side's samples pooled. */
    private record Comparison(String name, List<LoadRunner.Result> raw, List<LoadRunner.Result> service) {
        Comparison(String name) {
            this(name, new ArrayList<>(), new ArrayList<>());
        }

        LoadRunner.Result pooledRaw() {
            return LoadRunner.Result.pool(name + RAW, raw);
        }

        LoadRunner.Result pooledService() {
            return LoadRunner.Result.pool(name + SERVICE, service);
        }

        double p95Ratio() {
            return pooledService().p95() / pooledRaw().p95();
        }

        String roundRatios() {
            List<String> ratios = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                ratios.add(String.format("%.2f", service.get(i).p95() / raw.get(i).p95()));
            }
            return String.join(", ", ratios);
        }
    }

    private record Scenario(String name, java.util.function.IntFunction<java.net.http.HttpRequest> service,
                            java.util.function.IntFunction<java.net.http.HttpRequest> raw) {
    }

    private static ServiceProcess queryService(Path projectDir, LocalBackends backends, String name,
                                               Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QUARKUS_ELASTICSEARCH_HOSTS", backends.backends().elasticsearchHostAndPort(),
                "DRAGOMAN_QUERY_INDEX_PREFIX", "bench",
                "DRAGOMAN_QUERY_REFRESH", "false",
                // queries are measured, not the one-off story pass over the freshly loaded corpus
                "DRAGOMAN_QUERY_STORIES_ENABLED", "false",
                // one load driver is one client: the per-client limits would measure themselves
                "DRAGOMAN_QUERY_RATE_LIMITS_ENABLED", "false",
                "DRAGOMAN_HEAP", "512m",
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
        env.putAll(extra);
        return new ServiceProcess(name, ServiceProcess.jarOf(projectDir, "query-service"), Suite.Ports.free().query(),
                env, projectDir.resolve("target/bench/" + name + ".log"));
    }

    private static List<Scenario> scenarios(String es, String service, String uncached, List<String> people) {
        String search = es + "/" + INDEX + "/_search";
        return List.of(
                new Scenario("search", i -> LoadRunner.get(service + "/api/v1/search?size=10&q=" + term(i)),
                        i -> LoadRunner.postJson(search, searchBody(TERMS.get(Math.floorMod(i, TERMS.size())), false))),
                new Scenario("search + facets", i -> LoadRunner.get(service + "/api/v1/search?size=10&q=" + term(i)
                                + "&facets=people,organizations,places,sources,dates"),
                        i -> LoadRunner.postJson(search, searchBody(TERMS.get(Math.floorMod(i, TERMS.size())), true))),
                new Scenario("co-occurrence", i -> LoadRunner.get(service + "/api/v1/entities/"
                                + people.get(Math.floorMod(i, people.size())) + "/cooccurrences?type=PERSON"),
                        i -> LoadRunner.postJson(search, cooccurrenceBody(people.get(Math.floorMod(i, people.size()))))),
                new Scenario("co-occurrence, service cache off", i -> LoadRunner.get(uncached + "/api/v1/entities/"
                                + people.get(Math.floorMod(i, people.size())) + "/cooccurrences?type=PERSON"),
                        i -> LoadRunner.postJson(search, cooccurrenceBody(people.get(Math.floorMod(i, people.size()))))));
    }

    private static String term(int i) {
        return URLEncoder.encode(TERMS.get(Math.floorMod(i, TERMS.size())), StandardCharsets.UTF_8);
    }

    /** The request query-service's SearchService sends for ?q=term&size=10 (and the facets, if asked). */
    static String searchBody(String term, boolean facets) {
        String aggs = !facets ? "" : ",\"aggregations\":{"
                + entityFacet("people", "PERSON") + "," + entityFacet("organizations", "ORGANIZATION") + ","
                + entityFacet("places", "LOCATION") + ",\"sources\":{\"terms\":{\"field\":\"source\",\"size\":10}},"
                + "\"dates\":{\"date_histogram\":{\"field\":\"publishedAt\",\"calendar_interval\":\"month\",\"min_doc_count\":0}}}";
        return "{\"query\":{\"bool\":{\"must\":[{\"simple_query_string\":{\"query\":\"" + term + "\",\"fields\":"
                + "[\"title^3\",\"body\"],\"default_operator\":\"and\",\"flags\":\"AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE"
                + "|WHITESPACE|ESCAPE\"}}]}},\"sort\":[{\"_score\":{\"order\":\"desc\"}},{\"publishedAt\":{\"order\":"
                + "\"desc\",\"missing\":\"_last\"}},{\"id\":{\"order\":\"asc\"}}],\"size\":11,\"track_total_hits\":true,"
                + "\"_source\":{\"includes\":[\"id\",\"title\",\"publishedAt\",\"source\",\"url\",\"storyId\",\"entities.id\","
                + "\"entities.name\",\"entities.type\"]},\"highlight\":{\"pre_tags\":[\"<em>\"],"
                + "\"post_tags\":[\"</em>\"],\"fields\":{\"body\":{\"fragment_size\":200,\"number_of_fragments\":1,"
                + "\"no_match_size\":200}}}" + aggs + "}";
    }

    private static String entityFacet(String name, String type) {
        return "\"" + name + "\":{\"nested\":{\"path\":\"entities\"},\"aggregations\":{\"typed\":{\"filter\":{\"term\":"
                + "{\"entities.type\":\"" + type + "\"}},\"aggregations\":{\"ids\":{\"terms\":{\"field\":\"entities.id\","
                + "\"size\":10},\"aggregations\":{\"name\":{\"terms\":{\"field\":\"entities.name\",\"size\":1}},"
                + "\"articles\":{\"reverse_nested\":{}}}}}}}}";
    }

    /** The significant_terms request behind /entities/{id}/cooccurrences?type=PERSON. */
    static String cooccurrenceBody(String id) {
        return "{\"size\":0,\"track_total_hits\":true,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"entityIds\":\"" + id
                + "\"}}]}},\"aggregations\":{\"significant\":{\"significant_terms\":{\"field\":\"entityIds\",\"size\":20,"
                + "\"min_doc_count\":1,\"exclude\":[\"" + id + "\"],\"include\":\"person:.*\"}}}}";
    }

    private static List<String> topPeople(String service) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(LoadRunner.get(service
                + "/api/v1/search?size=1&facets=people&facetSize=50"), HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        for (JsonNode value : JSON.readTree(response.body()).path("facets").path("people")) {
            ids.add(value.path("value").asText());
        }
        return ids;
    }

    /** Annotates the real articles once, then indexes re-dated copies with new ids until there are enough. */
    private static void load(Path news, int target, String service, Path cache) throws Exception {
        List<ObjectNode> annotated = annotated(news, cache);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ArrayNode batch = JSON.createArrayNode();
        long batchBytes = 0;
        for (int n = 0; n < target; n++) {
            ObjectNode copy = annotated.get(n % annotated.size()).deepCopy();
            int generation = n / annotated.size();
            copy.put("id", copy.path("id").asText() + "-" + generation);
            if (generation > 0 && copy.path("publishedAt").isTextual()) {
                copy.put("publishedAt", OffsetDateTime.parse(copy.path("publishedAt").asText())
                        .plusDays(generation * 7L).toString());
            }
            batch.add(copy);
            batchBytes += copy.path("body").asText().length() * 3L;
            // well under the service's request size limit (20 MB): long articles carry long annotations
            if (batch.size() == 1000 || batchBytes > 6_000_000 || n == target - 1) {
                HttpResponse<String> response = http.send(LoadRunner.postJson(service + "/internal/v1/articles/bulk",
                        JSON.writeValueAsString(batch)), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("bulk failed: HTTP " + response.statusCode() + " " + response.body());
                }
                batch = JSON.createArrayNode();
                batchBytes = 0;
            }
        }
    }

    /**
     * The real articles annotated by the project's tagger. Annotating takes minutes, so the result is kept in
     * {@code cache} (under target/, delete it after changing the tagger) for the next run.
     */
    private static List<ObjectNode> annotated(Path news, Path cache) throws Exception {
        if (Files.isRegularFile(cache)) {
            List<ObjectNode> cached = new ArrayList<>();
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                    new java.util.zip.GZIPInputStream(Files.newInputStream(cache)), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> cached.add((ObjectNode) readTree(line)));
            }
            System.out.printf("read %d annotated articles from %s%n", cached.size(), cache);
            return cached;
        }
        List<JsonNode> originals = new ArrayList<>();
        try (Stream<Path> files = Files.list(news)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.forEach(line -> originals.add(readTree(line)));
                }
            }
        }
        AnnotationService tagger = new AnnotationService();
        long started = System.nanoTime();
        List<ObjectNode> annotated = IntStream.range(0, originals.size()).parallel()
                .mapToObj(i -> document(originals.get(i), i, tagger)).toList();
        System.out.printf("annotated %d articles in %.0f s%n", annotated.size(), (System.nanoTime() - started) / 1e9);
        Files.createDirectories(cache.getParent());
        try (var writer = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(cache)), StandardCharsets.UTF_8)) {
            for (ObjectNode doc : annotated) {
                writer.write(JSON.writeValueAsString(doc));
                writer.write('\n');
            }
        }
        return annotated;
    }

    private static ObjectNode document(JsonNode news, int n, AnnotationService tagger) {
        String body = news.path("body").asText("");
        if (body.isBlank()) {
            body = news.path("title").asText("(empty)");
        }
        String published = news.path("publishedAt").isTextual() ? news.path("publishedAt").asText() : null;
        OffsetDateTime publishedAt = published == null ? null : published.length() == 10
                ? LocalDate.parse(published).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(published);
        Annotation annotation = tagger.annotate(body, publishedAt == null ? LocalDate.of(2005, 1, 1) : publishedAt.toLocalDate());
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", "bench-" + n);
        doc.put("title", news.path("title").asText(""));
        doc.put("body", body);
        if (publishedAt != null) {
            doc.put("publishedAt", publishedAt.toString());
        }
        doc.put("source", news.path("source").asText("unknown"));
        doc.set("annotation", JSON.valueToTree(annotation));
        return doc;
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String row(LoadRunner.Result r) {
        return String.format("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f |", r.name(), r.requests(), r.errors(),
                r.throughput(), r.p50(), r.p95(), r.p99());
    }

    private static String report(int articles, int clients, Duration seconds, int rounds, List<Comparison> comparisons) {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            md.append(row(c.pooledRaw())).append('\n').append(row(c.pooledService())).append('\n');
        }
        md.append("\n| scenario | query-service p95 / raw Elasticsearch p95 | per round |\n|---|---|---|\n");
        for (Comparison c : comparisons) {
            md.append(String.format("| %s | %.2f | %s |%n", c.name(), c.p95Ratio(), c.roundRatios()));
        }
        return "# query-service load benchmark\n\nMeasured " + LocalDate.now() + " on " + Runtime.getRuntime()
                .availableProcessors() + " cores (load driver, Elasticsearch and query-service on the same machine). "
                + articles + " articles, " + clients + " concurrent clients; per scenario a 5 s warm-up of each side, "
                + "then " + rounds + " rounds of " + seconds.toSeconds() + " s per side, alternating which side goes "
                + "first; the figures pool all rounds' samples. Raw Elasticsearch gets the very request query-service "
                + "sends, on the same node, in the same run.\n\n" + md + NOTES;
    }

    /** How to read the report: written under every run's figures. */
    private static final String NOTES = """

            ## Reading these figures

            - The load driver, Elasticsearch and query-service share the machine's cores, so at 50 clients every phase is
              CPU-bound: the ratio measures how much CPU query-service spends per request next to Elasticsearch's own work,
              plus queueing. Single rounds vary (see "per round"); the pooled figure is the one to compare.
            - search: one Elasticsearch request per call (a first page opens no point-in-time; the second page of a walk
              does). search + facets: the same, with the five aggregations.
            - co-occurrence: `/entities/{id}/cooccurrences` as deployed, its answers cached for 30 s
              (`quarkus.cache.caffeine."cooccurrences".expire-after-write`; dropped whenever the instance indexes). Raw
              Elasticsearch answers this size-0 request from its own shard request cache, so both sides serve cached answers.
              "service cache off" is a second query-service with `QUARKUS_CACHE_ENABLED=false`: what an answer costs when
              nothing is cached (two HTTP hops and two JSON conversions around a sub-millisecond Elasticsearch answer). That
              path is above the 1.3 goal.
            - Command: `deploy/bench/query-load` (defaults: 100,000 articles, 50 clients, 3 rounds of 10 s; about 10 minutes
              once the annotated corpus is cached under `target/bench/`, 20 more the first time). Articles beyond the ~36,000
              real ones of `../shared/data/news` are re-dated copies with new ids.
            """;

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
