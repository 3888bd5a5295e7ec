package dev.dragoman.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Hostile requests for every operation of a service's committed OpenAPI contract, generated with jqwik's
 * arbitraries: random bytes, mutated valid bodies, boundary sizes, odd encodings, hostile query syntax. A service's
 * property test sends them to the running service (loopback only) and checks each answer with {@link #violation}:
 * never a 5xx, and every 4xx an RFC 9457 problem.
 * <p>
 * jqwik's own engine cannot run a {@code @QuarkusTest} (the application is started by a JUnit Jupiter extension),
 * so the tests are Jupiter tests that draw from the arbitraries with a fixed seed: a failure names its seed and
 * request, and rerunning reproduces it.
 */
public final class HostileRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HostileRequests() {
    }

    /** One operation of a contract. */
    public record Operation(String id, String method, String path, List<String> queryParams, List<String> mediaTypes) {
    }

    /** A request to send: target is already percent-encoded ASCII. */
    public record Request(String method, String target, String contentType, byte[] body, Map<String, String> headers) {

        public Request {
            headers = headers == null ? Map.of() : headers;
        }

        public static Request of(String method, String target, String contentType, String body) {
            return new Request(method, target, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }

        @Override
        public String toString() {
            String shownTarget = target.length() > 300 ? target.substring(0, 300) + "…(" + target.length() + ")" : target;
            String shownBody = body == null ? "" : " body(" + body.length + ")="
                    + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + shownTarget + (contentType == null ? "" : " [" + contentType + "]") + shownBody;
        }
    }

    /** What the service answered. */
    public record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {
    }

    /** The operations of docs/api/{service}.openapi.json, in document order. */
    public static List<Operation> operations(String service) {
        Path file = Path.of(System.getProperty("dragoman.project.dir", "..")).resolve("docs/api")
                .resolve(service + ".openapi.json");
        try {
            JsonNode paths = JSON.readTree(file.toFile()).path("paths");
            List<Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> path = p.next();
                for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = o.next();
                    List<String> query = new ArrayList<>();
                    op.getValue().path("parameters").forEach(parameter -> {
                        if ("query".equals(parameter.path("in").asText())) {
                            query.add(parameter.path("name").asText());
                        }
                    });
                    List<String> media = new ArrayList<>();
                    op.getValue().path("requestBody").path("content").fieldNames().forEachRemaining(media::add);
                    operations.add(new Operation(op.getValue().path("operationId").asText(),
                            op.getKey().toUpperCase(Locale.ROOT), path.getKey(), query, media));
                }
            }
            return operations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- values ------------------------------------------------------------------------------------------------

    /** Query syntax meant to break a parser or reach the store's own query language. */
    public static final List<String> HOSTILE_SYNTAX = List.of("\"", "\"unclosed phrase", "(", ")", "a | | b", "-",
            "--", "*", "**", "\\", "a~2", "{\"match_all\":{}}", "{\"script\":{\"source\":\"1\"}}", "title:x", "a AND OR b",
            "/.*/", "[1 TO 2]", "a^999", "\u202e\u202d", "%00", "%", "%zz", "' OR 1=1 --", "${jndi:ldap://127.0.0.1/a}",
            "<script>alert(1)</script>", "../../etc/passwd", "%2e%2e%2f", "null", "-1", "0", "2147483648",
            "99999999999999999999", "1e309", "NaN", "2025-02-30", "9999-12-31T23:59:59Z", "+999999999-01-01",
            "\u0000", "a\u0000b", "\uD800", "\uDC00x", "\uFEFF", "\u00A0", "😀".repeat(3), "𝕏", "\t\n\r");

    /** Text of every kind: any code unit (NUL, controls, lone surrogates), hostile syntax, boundary lengths. */
    public static Arbitrary<String> hostileText() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(HOSTILE_SYNTAX)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1)
                        .ofMaxLength(8)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of("a", "Z", "é", "\u0000", "😀", " ", "%"),
                        Arbitraries.of(255, 256, 300, 301, 2048, 4097)).as(String::repeat)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMaxLength(12)));
    }

    /** A valid body changed: NUL and controls put in, cut short, a value swapped for something hostile. */
    public static Arbitrary<String> mutated(String valid) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length());
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.of("\\u0000", "\u0000", "\\ud800", "\\udc00\\ud800", "\u0001",
                        "\u001b[31m", "\\u202e", "\"", "\\", "{", "]", ",,", "\uFFFF")).as(
                        (i, insert) -> valid.substring(0, i) + insert + valid.substring(i)),
                at.map(i -> valid.substring(0, i)),
                Combinators.combine(at, hostileText()).as((i, text) -> {
                    // put a hostile JSON string value where the cut falls inside or after a string value
                    int quote = valid.indexOf(":\"", i);
                    if (quote < 0) {
                        return valid;
                    }
                    int end = valid.indexOf('"', quote + 2);
                    return end < 0 ? valid : valid.substring(0, quote + 2) + jsonEscape(text) + valid.substring(end);
                }),
                Combinators.combine(at, Arbitraries.of("null", "[]", "{}", "-1", "1e999", "true", "\"\"",
                        "\"" + "x".repeat(70_000) + "\"")).as((i, value) -> {
                    int colon = valid.indexOf(':', i);
                    if (colon < 0) {
                        return valid;
                    }
                    int end = colon + 1;
                    while (end < valid.length() && ",}".indexOf(valid.charAt(end)) < 0) {
                        end++;
                    }
                    return valid.substring(0, colon + 1) + value + valid.substring(end);
                }),
                Arbitraries.just(valid + valid),
                Arbitraries.just(valid));
    }

    /** JSON string content for any text, lone surrogates kept as \\u escapes. */
    public static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes UTF-8 (lone surrogates become '?': Java cannot encode them). */
    public static String encode(String text) {
        return encodeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Percent-encodes raw bytes, also ones that are no UTF-8 at all. */
    public static String encodeBytes(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static Arbitrary<String> encodedValue() {
        return Arbitraries.oneOf(hostileText().map(HostileRequests::encode),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(HostileRequests::encodeBytes),
                Arbitraries.of("%C0%80", "%FF%FE", "%ED%A0%80", "%E2%82", "%00", "%25", "%2F", "%2F..%2F", "+", "%20"));
    }

    /**
     * Requests for the given operations. validBodies: per operation id, bodies that the service accepts (mutated and
     * also sent as they are); pathValues: per path parameter name, values that exist (used half the time).
     */
    public static Arbitrary<Request> requests(List<Operation> operations, Map<String, List<String>> validBodies,
                                              Map<String, List<String>> pathValues) {
        return Arbitraries.of(operations).flatMap(op -> {
            Arbitrary<String> path = pathOf(op.path(), pathValues);
            Arbitrary<String> query = queryOf(op.queryParams());
            Arbitrary<String> contentType = op.mediaTypes().isEmpty()
                    ? Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.just("")),
                            net.jqwik.api.Tuple.of(1, Arbitraries.of("application/json", "text/plain")))
                    : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.of(op.mediaTypes())),
                            net.jqwik.api.Tuple.of(1, Arbitraries.of(op.mediaTypes()).map(m -> m + "; charset=ISO-8859-1")),
                            net.jqwik.api.Tuple.of(1, Arbitraries.of("application/xml", "multipart/form-data",
                                    "application/json; charset=UTF-16", "text/plain; charset=\u0000", "*/*")));
            List<String> valid = validBodies.getOrDefault(op.id(), List.of());
            Arbitrary<byte[]> body = op.mediaTypes().isEmpty() && !op.method().equals("POST")
                    ? Arbitraries.just(new byte[0])
                    : Arbitraries.oneOf(
                            valid.isEmpty() ? hostileText().map(t -> t.getBytes(StandardCharsets.UTF_8))
                                    : Arbitraries.of(valid).flatMap(HostileRequests::mutated)
                                    .map(t -> t.getBytes(StandardCharsets.UTF_8)),
                            Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                            hostileText().map(t -> ("{\"text\":\"" + jsonEscape(t) + "\",\"body\":\"" + jsonEscape(t)
                                    + "\",\"name\":\"" + jsonEscape(t) + "\"}").getBytes(StandardCharsets.UTF_8)),
                            Arbitraries.of(new byte[0], "{}".getBytes(StandardCharsets.UTF_8),
                                    "[]".getBytes(StandardCharsets.UTF_8), "null".getBytes(StandardCharsets.UTF_8),
                                    new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
                                    new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'}));
            return Combinators.combine(path, query, contentType, body)
                    .as((p, q, ct, b) -> new Request(op.method(), p + q, ct, b, Map.of()));
        });
    }

    private static Arbitrary<String> pathOf(String template, Map<String, List<String>> pathValues) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        List<Arbitrary<String>> parts = new ArrayList<>();
        int from = 0;
        while (m.find()) {
            parts.add(Arbitraries.just(template.substring(from, m.start())));
            List<String> known = pathValues.getOrDefault(m.group(1), List.of());
            parts.add(known.isEmpty() ? encodedValue() : Arbitraries.oneOf(
                    Arbitraries.of(known).map(HostileRequests::encode), encodedValue()));
            from = m.end();
        }
        parts.add(Arbitraries.just(template.substring(from)));
        return Combinators.combine(parts).as(list -> String.join("", list));
    }

    private static Arbitrary<String> queryOf(List<String> names) {
        if (names.isEmpty()) {
            return Arbitraries.of("", "?" + encode("\u0000") + "=" + encode("\uD800"), "?&&==&", "?q=%25");
        }
        Arbitrary<String> one = Combinators.combine(Arbitraries.of(names), encodedValue())
                .as((name, value) -> name + "=" + value);
        return one.list().ofMaxSize(4).map(list -> list.isEmpty() ? "" : "?" + String.join("&", list));
    }

    /** Draws requests with a fixed seed: the same seed gives the same requests. */
    public static List<Request> draw(Arbitrary<Request> requests, long seed, int count) {
        List<Request> drawn = new ArrayList<>(count);
        // a jqwik session lets arbitraries generate outside a jqwik property (the tests are JUnit Jupiter tests)
        JqwikSession.start(Long.toString(seed));
        try {
            RandomGenerator<Request> generator = requests.generator(1000);
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                drawn.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return drawn;
    }

    // --- sending and judging --------------------------------------------------------------------------------------

    public static Answer send(URI base, Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                        + request.target())).timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body() == null || request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null && !request.contentType().isEmpty()) {
            builder.header("Content-Type", request.contentType().replace('\u0000', ' '));
        }
        request.headers().forEach(builder::header);
        if (request.headers().keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            // hostile input from an authenticated caller: what a token lets through must still be handled
            builder.header("Authorization", Auth.bearerFor(request.target()));
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(request + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Why an answer breaks the rules (a 5xx; a 4xx that is not a problem), or null when it keeps them. */
    public static String violation(Request request, Answer answer) {
        if (answer.status() >= 500) {
            return answer.status() + " for " + request + ": " + abbreviate(answer.body());
        }
        if (answer.status() >= 400) {
            if (!answer.contentType().startsWith("application/problem+json")) {
                return answer.status() + " without problem+json (" + answer.contentType() + ") for " + request;
            }
            try {
                JsonNode problem = JSON.readTree(answer.body());
                if (problem.path("status").asInt() != answer.status() || problem.path("title").asText().isEmpty()
                        || problem.path("detail").asText().isEmpty()) {
                    return "an incomplete problem for " + request + ": " + abbreviate(answer.body());
                }
            } catch (IOException e) {
                return "a problem that is no JSON for " + request + ": " + abbreviate(answer.body());
            }
        }
        return null;
    }

    /** Sends every request and returns the violations (empty when the service kept every rule). */
    public static List<String> violations(URI base, List<Request> requests, java.util.function.BiConsumer<Request,
            Answer> observer) {
        List<String> found = new ArrayList<>();
        int[] byClass = new int[6];
        for (Request request : requests) {
            Answer answer = send(base, request);
            observer.accept(request, answer);
            byClass[Math.min(answer.status() / 100, 5)]++;
            String violation = violation(request, answer);
            if (violation != null) {
                found.add(violation);
            }
        }
        // many generated requests that all fail early (or all pass) would test nothing: both kinds must occur
        if (requests.size() >= 100 && (byClass[2] == 0 || byClass[4] == 0)) {
            found.add("the generated requests were answered " + java.util.Arrays.toString(byClass)
                    + " by status class: they must reach the operations (2xx) and be refused (4xx)");
        }
        return found;
    }

    /**
     * "Nothing accepted lost": the paths (of things the service accepted) that no longer answer a GET with 200, or
     * whose answer the check faults (it returns why, or null).
     */
    public static List<String> notRetrievable(URI base, java.util.Collection<String> paths,
                                              java.util.function.Function<Answer, String> check) {
        List<String> lost = new ArrayList<>();
        for (String path : paths) {
            Answer answer = send(base, Request.of("GET", path, null, null));
            String fault = answer.status() != 200 ? "answered " + answer.status() : check.apply(answer);
            if (fault != null) {
                lost.add(path + ": " + fault);
            }
        }
        return lost;
    }

    /** Requests that every service must answer with a problem: an over-long URL, oversized headers. */
    public static List<Request> httpLimitCases(String path) {
        Map<String, String> bigHeader = new LinkedHashMap<>();
        bigHeader.put("X-Padding", "h".repeat(30_000));
        return List.of(
                new Request("GET", path + "?q=" + "a".repeat(5_000), null, null, Map.of()),
                new Request("GET", path + "?q=" + "%00".repeat(20_000), null, null, Map.of()),
                new Request("GET", path + "/" + "x".repeat(100_000), null, null, Map.of()),
                new Request("GET", path, null, null, bigHeader));
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
