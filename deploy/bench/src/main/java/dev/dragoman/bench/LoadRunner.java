package dev.dragoman.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** A closed-loop load: N clients, each sending its next request as soon as the last one is answered. */
final class LoadRunner {

    /** Latency percentiles in milliseconds and throughput of one measured phase. */
    record Result(String name, long requests, long errors, double seconds, long[] sortedNanos) {
        double throughput() {
            return requests / seconds;
        }

        double p50() {
            return millis(sortedNanos, 0.50);
        }

        double p95() {
            return millis(sortedNanos, 0.95);
        }

        double p99() {
            return millis(sortedNanos, 0.99);
        }

        /** Several phases of the same load as one. */
        static Result pool(String name, List<Result> phases) {
            long[] all = phases.stream().flatMapToLong(r -> Arrays.stream(r.sortedNanos)).sorted().toArray();
            return new Result(name, phases.stream().mapToLong(Result::requests).sum(),
                    phases.stream().mapToLong(Result::errors).sum(), phases.stream().mapToDouble(Result::seconds).sum(), all);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param requests the i-th request of a client (clients draw from the same sequence with different offsets)
     */
    Result run(String name, int clients, Duration duration, IntFunction<HttpRequest> requests) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        for (int c = 0; c < clients; c++) {
            long[] samples = new long[1 << 20];
            latencies.add(samples);
            int client = c;
            Thread thread = new Thread(() -> {
                int i = client * 7919;
                while (System.nanoTime() < end && counts[client] < samples.length) {
                    HttpRequest request = requests.apply(i++);
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    samples[counts[client]++] = System.nanoTime() - start;
                }
            }, name + "-" + c);
            threads.add(thread);
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(name, total, errors.get(), seconds, all);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The stack's tokens, once its Keycloak is up: every request to a service then carries one. */
    static volatile dev.dragoman.local.Tokens tokens;

    /**
     * The request with a real token when it goes to a Dragoman service (ingest-service's own identity for the
     * operations only it may call, an admin's otherwise); requests to Elasticsearch as they are.
     */
    static HttpRequest authorized(HttpRequest request) {
        String path = request.uri().getPath();
        if (tokens == null || !(path.startsWith("/api/") || path.startsWith("/internal/"))
                || request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        String token = path.startsWith("/internal/") || path.startsWith("/api/v1/annotate")
                ? tokens.service("ingest-service") : tokens.user("admin");
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + token)
                .build();
    }

    static HttpRequest get(String url) {
        return authorized(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpRequest postJson(String url, String body) {
        return authorized(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
