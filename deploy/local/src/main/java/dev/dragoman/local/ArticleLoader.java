package dev.dragoman.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Submits a folder of article files to ingest-service, choosing the content type from each file's ending. */
public final class ArticleLoader {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;

    /** Sends "Authorization: Bearer …" of a writer (loading) — a writer also reads the pipeline's counts. */
    private final java.util.function.Supplier<String> authorization;

    public ArticleLoader(String ingestUrl, java.util.function.Supplier<String> authorization) {
        this.ingestUrl = ingestUrl;
        this.authorization = authorization;
    }

    /** The answer of ingest-service for one file. */
    public record Result(Path file, int status, String body) {

        /** The answer in one line: a batch's counts (not its thousands of per-line answers), else the body. */
        public String summary() {
            Matcher counts = BATCH_COUNTS.matcher(body);
            Matcher batch = BATCH_ID.matcher(body);
            if (counts.find()) {
                return "batch " + (batch.find() ? batch.group(1) + " " : "") + counts.group();
            }
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }

    private static final Pattern BATCH_COUNTS = Pattern.compile("\"accepted\":\\d+,\"duplicates\":\\d+,\"rejected\":\\d+");
    private static final Pattern BATCH_ID = Pattern.compile("\"batchId\":\"([0-9a-f-]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"(RECEIVED|TAGGED|INDEXED|FAILED)\":(\\d+)");

    /**
     * Shows a progress bar until no article waits: indexed of all, rate, ETA and failures, from ingest-service's
     * counts; ends with a summary line.
     */
    public void followPipeline(Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long firstIndexed = -1;
        boolean tty = System.console() != null;
        Map<String, Long> counts = counts();
        long initialIndexed = counts.getOrDefault("INDEXED", 0L);
        while (System.nanoTime() < deadline) {
            counts = counts();
            long indexed = counts.getOrDefault("INDEXED", 0L);
            long failed = counts.getOrDefault("FAILED", 0L);
            long waiting = counts.getOrDefault("RECEIVED", 0L) + counts.getOrDefault("TAGGED", 0L);
            long total = indexed + failed + waiting;
            if (firstIndexed < 0) {
                firstIndexed = initialIndexed;
            }
            double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
            double rate = (indexed - firstIndexed) / seconds;
            String eta = waiting == 0 ? "0 s" : rate <= 0 ? "?" : String.format("%.0f s", waiting / rate);
            int width = 30;
            int filled = total == 0 ? width : (int) (width * (indexed + failed) / total);
            String line = String.format("[%s%s] %d/%d indexed, %.1f articles/s, ETA %s, %d failed",
                    "#".repeat(filled), "-".repeat(width - filled), indexed, total, rate, eta, failed);
            System.out.print(tty ? "\r" + line : line + "\n");
            if (waiting == 0) {
                System.out.printf("%ndone: %d articles indexed in %.0f s (%.1f articles/s), %d failed%s%n",
                        indexed - firstIndexed, seconds, rate, failed,
                        failed > 0 ? " (GET " + ingestUrl + "/api/v1/articles?status=FAILED)" : "");
                return;
            }
            Thread.sleep(tty ? 500 : 5000);
        }
    }

    private Map<String, Long> counts() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/articles/counts")).header("Authorization", authorization.get())
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> counts = new HashMap<>();
        Matcher m = COUNT.matcher(response.body());
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return counts;
    }

    public List<Result> loadFolder(Path folder) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        List<Result> results = new ArrayList<>();
        for (Path file : files) {
            results.add(load(file));
        }
        return results;
    }

    public Result load(Path file) throws IOException, InterruptedException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".feeds")) {
            return registerSources(file);
        }
        String path = "/api/v1/articles";
        String type = "text/plain; charset=UTF-8";
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            path = "/api/v1/articles/batch";
            type = "application/x-ndjson";
        } else if (name.endsWith(".json")) {
            type = "application/json";
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            type = "text/html; charset=UTF-8";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + path)).header("Authorization", authorization.get())
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Result(file, response.statusCode(), response.body());
    }

    private static final Pattern FEED_LINE = Pattern.compile(
            "(?:(rss|atom|sitemap|page)\\s+)?(https?://\\S+)(?:\\s+(\\S+))?(?:\\s+(.+))?", Pattern.CASE_INSENSITIVE);

    /**
     * A file of feeds (name ending .feeds): one source a line, {@code [rss|atom|sitemap|page] URL [interval] [name]}
     * (type rss, interval 15m and the URL's host as name when left out; # starts a comment), each registered with
     * POST /api/v1/sources. ingest-service then fetches them on its own schedule.
     */
    Result registerSources(Path file) throws IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        int registered = 0;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = FEED_LINE.matcher(line);
            if (!m.matches()) {
                answers.add("not a feed line: " + line);
                continue;
            }
            String url = m.group(2);
            String json = "{\"type\":\"" + (m.group(1) == null ? "rss" : m.group(1).toLowerCase(Locale.ROOT))
                    + "\",\"url\":\"" + escape(url) + "\",\"interval\":\"" + escape(m.group(3) == null ? "15m"
                    : m.group(3)) + "\",\"name\":\"" + escape(m.group(4) == null ? URI.create(url).getHost()
                    : m.group(4).strip()) + "\"}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/sources")).header("Authorization", authorization.get())
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                registered++;
            } else {
                answers.add(url + " -> " + response.statusCode() + " " + response.body());
            }
        }
        return new Result(file, answers.isEmpty() ? 201 : 400, "{\"sourcesRegistered\":" + registered + "}"
                + (answers.isEmpty() ? "" : " " + String.join("; ", answers)));
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
