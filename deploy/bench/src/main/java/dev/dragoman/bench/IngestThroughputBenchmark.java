package dev.dragoman.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dragoman.local.LocalBackends;
import dev.dragoman.local.Suite;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The pipeline against what it is made of, in the same run, on the same texts: end-to-end articles/s from one
 * {@code POST /api/v1/articles/batch} until every article is INDEXED; nlp-service's annotate alone with as many
 * callers as cores; Elasticsearch's raw {@code _bulk}; and the time from {@code POST} to searchable at a steady feed.
 * <p>
 * The corpus: real articles of ../shared/data/news, read in place, interleaved across the files (Reuters, BBC, Yahoo
 * Finance, Wikinews) so long and short texts mix; each copy made unique by a marker line so none is a duplicate.
 * <pre>
 * deploy/bench/ingest-throughput [--articles 20000] [--feed-rate 20] [--feed-seconds 30] [--out docs/benchmarks/ingest-throughput.md]
 * </pre>
 */
public final class IngestThroughputBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("reuters21578.ndjson", "bbc_news_2225.ndjson",
            "yahoo_finance_2017_2020_newsplease.ndjson", "wikinews_cc_by_small.ndjson");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private IngestThroughputBenchmark() {
    }

    /** One article of the corpus, as a JSON line for ingest-service. */
    record Article(String title, String body, String publishedAt) {
        String ndjson(String marker) {
            ObjectNode node = JSON.createObjectNode();
            node.put("title", title + " (" + marker + ")");
            // the marker opens the body: the cleaner cuts what follows a closing "Read More" or "Related Articles"
            // line, and a marker there was cut with it, leaving a duplicate of the batch's copy never to be found
            node.put("body", "Ref " + marker + ".\n\n" + body);
            if (publishedAt != null) {
                node.put("publishedAt", publishedAt);
            }
            return node.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(option(args, "--articles", "20000"));
        int feedRate = Integer.parseInt(option(args, "--feed-rate", "20"));
        int feedSeconds = Integer.parseInt(option(args, "--feed-seconds", "30"));
        Path projectDir = Path.of(option(args, "--project-dir", ".")).toAbsolutePath().normalize();
        Path out = projectDir.resolve(option(args, "--out", "docs/benchmarks/ingest-throughput.md"));
        Path news = Path.of(option(args, "--news", projectDir.resolve("../shared/data/news").toString()));
        int cores = Runtime.getRuntime().availableProcessors();

        List<Article> corpus = corpus(news, count);
        long words = corpus.stream().mapToLong(a -> a.body().split("\\s+").length).sum();
        System.out.printf("corpus: %d articles, %d words%n", corpus.size(), words);
        try (LocalBackends backends = LocalBackends.start(0, 0, option(args, "--es-heap", "1g"));
             var stackTokens = new AutoCloseable() {
                 { LoadRunner.tokens = backends.backends().tokens(); }

                 @Override
                 public void close() {
                     LoadRunner.tokens = null;
                 }
             };
             Suite suite = Suite.start(projectDir, backends.backends(), Suite.Ports.free(), "bench",
                     projectDir.resolve("target/bench/ingest-logs"), Map.of("DRAGOMAN_HEAP", "768m",
                     // the watcher searches every 100 ms as one client: not to be limited
                     "DRAGOMAN_QUERY_RATE_LIMITS_ENABLED", "false"))) {
            String es = backends.elasticsearch().url();
            String run = UUID.randomUUID().toString().substring(0, 8);

            CpuMeter cpu = new CpuMeter().add("nlp-service", suite.nlp().pid()).add("ingest-service", suite.ingest().pid())
                    .add("query-service", suite.query().pid()).add("Elasticsearch", backends.elasticsearch().pid())
                    .add("PostgreSQL", backends.postgres().pid());
            double bulkRate = elasticsearchBulk(es, corpus);
            System.out.printf("Elasticsearch _bulk: %.0f docs/s%n", bulkRate);
            Map<String, Double> before = cpu.read();
            double annotateRate = annotateOnly(suite.nlp().url(), corpus, cores);
            Map<String, Double> afterAnnotate = cpu.read();
            Map<String, Long> esBefore = elasticsearchStats(es);
            double requeuedBefore = metric(suite.ingest().url(), "dragoman_relink_requeued_total");
            Map<String, Double> annotateCpu = CpuMeter.since(before, afterAnnotate);
            System.out.printf("annotate only (%d callers): %.1f articles/s%n", cores, annotateRate);
            double pipelineRate = endToEnd(suite.ingest().url(), corpus, run);
            Map<String, Double> pipelineCpu = CpuMeter.since(afterAnnotate, cpu.read());
            Map<String, Long> esWork = new LinkedHashMap<>();
            Map<String, Long> esAfter = elasticsearchStats(es);
            esAfter.forEach((k, v) -> esWork.put(k, v - esBefore.getOrDefault(k, 0L)));
            double requeued = metric(suite.ingest().url(), "dragoman_relink_requeued_total") - requeuedBefore;
            System.out.println("Elasticsearch during the pipeline: " + esWork + "; articles requeued by re-linking: "
                    + requeued);
            System.out.println("CPU seconds, annotate only: " + annotateCpu + "; end to end: " + pipelineCpu);
            System.out.printf("end to end: %.1f articles/s (%.3f x annotate only)%n", pipelineRate,
                    pipelineRate / annotateRate);
            double settled = settle(es);
            System.out.printf("settled after the batch in %.0f s (no Elasticsearch merge running)%n", settled);
            Feed feed = steadyFeed(suite.ingest().url(), suite.query().url(), corpus, feedRate, feedSeconds, run);
            long[] latencies = feed.latencies();
            feed.stages().forEach((stage, values) -> System.out.printf("  %s: p50 %.0f ms, p95 %.0f ms%n", stage,
                    quantile(values, 0.5), quantile(values, 0.95)));
            System.out.printf("POST to searchable at %d articles/s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (%d articles)%n",
                    feedRate, quantile(latencies, 0.5), quantile(latencies, 0.95), quantile(latencies, 0.99),
                    latencies.length);
            report(out, corpus.size(), words, cores, bulkRate, annotateRate, pipelineRate, feedRate, feed, args,
                    annotateCpu, pipelineCpu, esWork, requeued);
        }
    }

    /** Elasticsearch's own counters over all indices (operations and the milliseconds they took). */
    static Map<String, Long> elasticsearchStats(String es) throws Exception {
        JsonNode total = JSON.readTree(send(HttpRequest.newBuilder(URI.create(es
                + "/_stats/indexing,search,merge,refresh,get")).GET().build())).path("_all").path("total");
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("index operations", total.path("indexing").path("index_total").asLong());
        stats.put("indexing ms", total.path("indexing").path("index_time_in_millis").asLong());
        stats.put("searches", total.path("search").path("query_total").asLong());
        stats.put("search ms (query + fetch)", total.path("search").path("query_time_in_millis").asLong()
                + total.path("search").path("fetch_time_in_millis").asLong());
        stats.put("gets", total.path("get").path("total").asLong());
        stats.put("refreshes", total.path("refresh").path("total").asLong());
        stats.put("refresh ms", total.path("refresh").path("total_time_in_millis").asLong());
        stats.put("merge ms", total.path("merges").path("total_time_in_millis").asLong());
        return stats;
    }

    /** One counter of a service's Prometheus page (0 when it is not there yet). */
    static double metric(String service, String name) throws Exception {
        for (String line : send(HttpRequest.newBuilder(URI.create(service + "/q/metrics")).GET().build()).split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static List<Article> corpus(Path news, int count) throws IOException {
        List<Iterator<String>> sources = new ArrayList<>();
        List<Stream<String>> streams = new ArrayList<>();
        for (String file : FILES) {
            Stream<String> lines = Files.lines(news.resolve(file));
            streams.add(lines);
            sources.add(lines.iterator());
        }
        List<Article> corpus = new ArrayList<>(count);
        try {
            while (corpus.size() < count && sources.stream().anyMatch(Iterator::hasNext)) {
                for (Iterator<String> source : sources) {
                    if (source.hasNext() && corpus.size() < count) {
                        JsonNode node = JSON.readTree(source.next());
                        String body = node.path("body").asText("");
                        if (body.isBlank()) {
                            continue;
                        }
                        String published = node.path("publishedAt").isTextual() ? node.path("publishedAt").asText() : null;
                        corpus.add(new Article(node.path("title").asText(""), body, published));
                    }
                }
            }
        } finally {
            streams.forEach(Stream::close);
        }
        return corpus;
    }

    /** Raw Elasticsearch: the same texts indexed with _bulk, 500 a request, into a scratch index. */
    static double elasticsearchBulk(String es, List<Article> corpus) throws Exception {
        String index = "bench-raw-" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        for (int from = 0; from < corpus.size(); from += 500) {
            StringBuilder bulk = new StringBuilder();
            for (Article article : corpus.subList(from, Math.min(corpus.size(), from + 500))) {
                bulk.append("{\"index\":{\"_index\":\"").append(index).append("\"}}\n");
                ObjectNode doc = JSON.createObjectNode().put("title", article.title()).put("body", article.body());
                bulk.append(doc).append('\n');
            }
            send(HttpRequest.newBuilder(URI.create(es + "/_bulk")).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build());
        }
        send(HttpRequest.newBuilder(URI.create(es + "/" + index + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build());
        double rate = corpus.size() / ((System.nanoTime() - start) / 1e9);
        send(HttpRequest.newBuilder(URI.create(es + "/" + index)).DELETE().build());
        return rate;
    }

    /** nlp-service alone: every text annotated once, by as many callers as cores. */
    static double annotateOnly(String nlp, List<Article> corpus, int callers) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            done.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < corpus.size(); ) {
                    Article article = corpus.get(i);
                    ObjectNode request = JSON.createObjectNode().put("text", article.body())
                            .put("publishedAt", article.publishedAt() == null ? LocalDate.now().toString()
                                    : article.publishedAt().substring(0, 10));
                    send(HttpRequest.newBuilder(URI.create(nlp + "/api/v1/annotate"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return corpus.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** The whole pipeline: one NDJSON batch, then its progress until every article is INDEXED (or FAILED). */
    static double endToEnd(String ingest, List<Article> corpus, String run) throws Exception {
        Path batch = Files.createTempFile("bench-batch", ".ndjson");
        try {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < corpus.size(); i++) {
                lines.append(corpus.get(i).ndjson("bench-" + run + "-" + i)).append('\n');
            }
            Files.writeString(batch, lines);
            long start = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(LoadRunner.authorized(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/articles/batch"))
                    .header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.ofFile(batch)).build()), HttpResponse.BodyHandlers.ofString());
            JsonNode result = JSON.readTree(answer.body());
            String id = result.path("batchId").asText();
            System.out.printf("batch %s: accepted %d, duplicates %d, rejected %d in %.0f s%n", id,
                    result.path("accepted").asInt(), result.path("duplicates").asInt(), result.path("rejected").asInt(),
                    (System.nanoTime() - start) / 1e9);
            while (true) {
                JsonNode progress = JSON.readTree(send(HttpRequest.newBuilder(
                        URI.create(ingest + "/api/v1/batches/" + id)).GET().build()));
                System.out.printf("  indexed %d, tagged %d, waiting %d, failed %d, %s articles/s, eta %s%n",
                        progress.path("indexed").asLong(), progress.path("tagged").asLong(),
                        progress.path("received").asLong(), progress.path("failed").asLong(),
                        progress.path("articlesPerSecond").asText(), progress.path("eta").asText());
                if (progress.path("done").asBoolean()) {
                    long finished = progress.path("indexed").asLong() + progress.path("failed").asLong();
                    return progress.path("indexed").asLong() / ((System.nanoTime() - start) / 1e9)
                            * (finished == 0 ? 0 : 1);
                }
                Thread.sleep(2000);
            }
        } finally {
            Files.deleteIfExists(batch);
        }
    }

    /**
     * A steady feed: one article every 1/rate seconds, each POSTed alone with a unique marker; a watcher searches
     * query-service for every marker not yet seen (oldest first) every 100 ms. Latency: from the POST to the first
     * search that finds it. Where it went: each fed article's own times (stored, TAGGED, INDEXED) read back from
     * ingest-service afterwards, against the wall clock of its POST and of the search that found it.
     */
    static Feed steadyFeed(String ingest, String query, List<Article> corpus, int rate, int seconds, String run)
            throws Exception {
        Map<String, Long> posted = new ConcurrentHashMap<>();
        Map<String, Long> latency = new ConcurrentHashMap<>();
        Map<String, Long> postedWall = new ConcurrentHashMap<>();
        Map<String, Long> foundWall = new ConcurrentHashMap<>();
        Map<String, String> ids = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        int total = rate * seconds;
        Thread watcher = new Thread(() -> {
            while (latency.size() < total - refused.get() && !Thread.currentThread().isInterrupted()) {
                // every marker not seen yet, oldest first, 50 to a query: none waits behind others
                List<String> pending = posted.entrySet().stream().filter(e -> !latency.containsKey(e.getKey()))
                        .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
                for (int from = 0; from < pending.size(); from += 50) {
                    List<String> chunk = pending.subList(from, Math.min(pending.size(), from + 50));
                    try {
                        String q = URLEncoder.encode(String.join(" | ", chunk), StandardCharsets.UTF_8);
                        JsonNode page = JSON.readTree(send(HttpRequest.newBuilder(URI.create(query
                                + "/api/v1/search?size=100&q=" + q)).GET().build()));
                        long now = System.nanoTime();
                        for (JsonNode item : page.path("items")) {
                            String body = item.path("title").asText("") + " " + item.path("snippet").asText("");
                            for (String marker : chunk) {
                                if (body.contains(marker) && latency.putIfAbsent(marker, now - posted.get(marker)) == null) {
                                    foundWall.put(marker, System.currentTimeMillis());
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        return; // the feed is over
                    } catch (Exception e) {
                        // next round
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "feed-watcher");
        watcher.setDaemon(true); // never keeps the benchmark's JVM alive
        watcher.start();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String marker = "feed" + run + "x" + i;
            Article article = corpus.get(i % corpus.size());
            senders.submit(() -> {
                posted.put(marker, System.nanoTime());
                postedWall.put(marker, System.currentTimeMillis());
                try {
                    JsonNode answer = JSON.readTree(send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/articles"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(article.ndjson(marker))).build()));
                    ids.put(marker, answer.path("id").asText());
                } catch (IOException | RuntimeException e) {
                    // a refused article is not waited for: said, and left out of the latencies
                    posted.remove(marker);
                    refused.incrementAndGet();
                    System.out.printf("fed article %s refused: %s%n", marker, e.getMessage());
                }
                return null;
            });
        }
        senders.shutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (latency.size() < total - refused.get() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        watcher.interrupt();
        if (latency.size() < total - refused.get()) {
            System.out.printf("%d of %d fed articles not searchable within 60 s%n",
                    total - refused.get() - latency.size(), total - refused.get());
        }
        if (refused.get() > 0) {
            System.out.printf("%d of %d fed articles refused by ingest-service%n", refused.get(), total);
        }
        List<String> lost = posted.keySet().stream().filter(m -> !latency.containsKey(m)).sorted().toList();
        Map<String, List<Long>> stages = new LinkedHashMap<>();
        for (String stage : List.of("POST to stored", "stored to TAGGED", "TAGGED to INDEXED", "INDEXED to found by search")) {
            stages.put(stage, new ArrayList<>());
        }
        for (Map.Entry<String, String> fed : ids.entrySet()) {
            JsonNode view = JSON.readTree(send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/articles/"
                    + fed.getValue())).GET().build()));
            if (lost.contains(fed.getKey())) {
                System.out.printf("not found by search: %s, article %s, %s%n", fed.getKey(), fed.getValue(),
                        view.path("status").asText());
                continue;
            }
            long created = java.time.Instant.parse(view.path("createdAt").asText()).toEpochMilli();
            long tagged = java.time.Instant.parse(view.path("taggedAt").asText()).toEpochMilli();
            long indexed = java.time.Instant.parse(view.path("indexedAt").asText()).toEpochMilli();
            stages.get("POST to stored").add(created - postedWall.get(fed.getKey()));
            stages.get("stored to TAGGED").add(tagged - created);
            stages.get("TAGGED to INDEXED").add(indexed - tagged);
            stages.get("INDEXED to found by search").add(foundWall.get(fed.getKey()) - indexed);
        }
        Map<String, long[]> sorted = new LinkedHashMap<>();
        // in nanoseconds, like the latencies
        stages.forEach((stage, values) -> sorted.put(stage, values.stream().mapToLong(v -> v * 1_000_000).sorted().toArray()));
        return new Feed(latency.values().stream().mapToLong(Long::longValue).sorted().toArray(), sorted);
    }

    /** The feed's latencies (POST to searchable, nanoseconds, sorted) and the same split by step. */
    record Feed(long[] latencies, Map<String, long[]> stages) {
    }

    /**
     * The steady feed measures a steady state: after the batch, waits (up to two minutes) until Elasticsearch has
     * run no merge for five seconds in a row. Returns the seconds waited.
     */
    static double settle(String es) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(2).toNanos();
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            JsonNode nodes = JSON.readTree(send(HttpRequest.newBuilder(URI.create(es + "/_nodes/stats/indices/merge"))
                    .GET().build())).path("nodes");
            long running = 0;
            for (JsonNode node : nodes) {
                running += node.path("indices").path("merges").path("current").asLong();
            }
            quiet = running == 0 ? quiet + 1 : 0;
            Thread.sleep(1000);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(LoadRunner.authorized(request), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return response.body();
    }

    private static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] / 1e6;
    }

    private static void report(Path out, int articles, long words, int cores, double bulk, double annotate,
                               double pipeline, int feedRate, Feed feed, String[] args,
                               Map<String, Double> annotateCpu, Map<String, Double> pipelineCpu,
                               Map<String, Long> esWork, double requeued) throws IOException {
        long[] latencies = feed.latencies();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Elasticsearch `_bulk` (500 a request)", String.format("%.0f docs/s", bulk));
        rows.put("nlp-service annotate only (" + cores + " callers)", String.format("%.1f articles/s", annotate));
        rows.put("end to end, one batch until all INDEXED", String.format("%.1f articles/s", pipeline));
        rows.put("**end to end / annotate only** (goal >= 0.7)", String.format("**%.3f**", pipeline / annotate));
        rows.put("POST to searchable at " + feedRate + " articles/s, p50", String.format("%.0f ms", quantile(latencies, 0.5)));
        rows.put("POST to searchable, **p95** (goal <= 2 s)", String.format("**%.0f ms**", quantile(latencies, 0.95)));
        rows.put("POST to searchable, p99", String.format("%.0f ms", quantile(latencies, 0.99)));
        StringBuilder md = new StringBuilder();
        md.append("# Ingest throughput\n\n");
        List<String> shown = new ArrayList<>(Arrays.asList(args));
        int dir = shown.indexOf("--project-dir");
        if (dir >= 0 && dir + 1 < shown.size()) {
            shown.subList(dir, dir + 2).clear(); // added by the script
        }
        md.append("Command: `deploy/bench/ingest-throughput ").append(String.join(" ", shown).strip())
                .append("` (the README's local stack: one PostgreSQL, one Elasticsearch, one replica of each service, ")
                .append("default configuration). Latest run: ").append(java.time.LocalDate.now()).append(", ")
                .append(cores).append(" cores.\n\n");
        md.append("Corpus: ").append(articles).append(" real articles of `../shared/data/news` (Reuters, BBC, Yahoo Finance, ")
                .append("Wikinews, interleaved), ").append(words).append(" words; every phase reads the same texts.\n\n");
        md.append("| measure | figure |\n|---|---|\n");
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\nPhases run one after the other on the same machine: raw `_bulk` first, then annotate alone, then ")
                .append("the pipeline (one NDJSON batch, timed from the POST until its progress says done), then the ")
                .append("steady feed (each article POSTed alone, searched for by a watcher every 100 ms), which starts ")
                .append("once Elasticsearch has finished merging what the batch wrote.\n");
        md.append("\nWhere the time goes: CPU milliseconds per article, by process, read from /proc during each phase ")
                .append("(a process's own time and its children's).\n\n| process | annotate only | end to end |\n|---|---|---|\n");
        double annotateTotal = 0;
        double pipelineTotal = 0;
        for (String name : pipelineCpu.keySet()) {
            double a = annotateCpu.getOrDefault(name, 0.0) * 1000 / articles;
            double p = pipelineCpu.get(name) * 1000 / articles;
            annotateTotal += a;
            pipelineTotal += p;
            md.append(String.format("| %s | %.1f | %.1f |%n", name, a, p));
        }
        md.append(String.format("| **all** | **%.1f** | **%.1f** |%n", annotateTotal, pipelineTotal));
        md.append("\nElasticsearch's own account of the end-to-end phase (`_stats` over all indices; milliseconds are ")
                .append("summed over threads, merges throttled), and the articles re-linking sent round again ")
                .append("(`dragoman_relink_requeued_total`):\n\n| measure | total | per article |\n|---|---|---|\n");
        esWork.forEach((k, v) -> md.append(String.format("| %s | %d | %.2f |%n", k, v, (double) v / articles)));
        md.append(String.format("| articles requeued by re-linking | %.0f | %.3f |%n", requeued, requeued / articles));
        md.append("\nThe steady feed's latency by step (each article's own times as ingest-service recorded them, ")
                .append("against the wall clock of its POST and of the search that found it):\n\n")
                .append("| step | p50 | p95 |\n|---|---|---|\n");
        feed.stages().forEach((stage, values) -> md.append(String.format("| %s | %.0f ms | %.0f ms |%n", stage,
                quantile(values, 0.5), quantile(values, 0.95))));
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println("written " + out);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
