package dev.dragoman.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real access tokens of the dragoman realm (deploy/local/src/main/resources/keycloak/dragoman-realm.json) for the
 * local stack's test users and service identities: what the tests, the benchmarks and {@code dragoman token ROLE}
 * use. A user's password is its name followed by "-password"; a service client's secret is its id followed by
 * "-local-secret" — values of the local realm only, never of a deployment. Tokens are kept until shortly before
 * they expire.
 */
public final class Tokens {

    /** The people of the local realm, one per role (and a second reader, to show that owners see only their own). */
    public static final java.util.List<String> USERS = java.util.List.of("reader", "reader2", "writer", "curator",
            "admin");
    /** The service identities of the local realm (client-credentials clients). */
    public static final java.util.List<String> SERVICES = java.util.List.of("ingest-service", "nlp-service",
            "query-service");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");
    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();

    private record Held(String token, Instant until) {
    }

    private final String issuer;

    public Tokens(String issuer) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("no Keycloak in this stack (its state file predates Keycloak: restart it)");
        }
        this.issuer = issuer;
    }

    public String issuer() {
        return issuer;
    }

    /** A person's token (password grant through the public client dragoman-cli). */
    public String user(String username) {
        return token("user " + username, Map.of("grant_type", "password", "client_id", "dragoman-cli",
                "username", username, "password", username + "-password", "scope", "openid"));
    }

    /** A service's own token (client-credentials grant), as the service itself gets it. */
    public String service(String clientId) {
        return token("service " + clientId, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientId + "-local-secret"));
    }

    /** The secret of a service's client in the local realm. */
    public static String serviceSecret(String clientId) {
        return clientId + "-local-secret";
    }

    /** "Bearer " + a person's token: an Authorization header value. */
    public String bearer(String username) {
        return "Bearer " + user(username);
    }

    private String token(String who, Map<String, String> form) {
        String key = issuer + " " + who;
        Held held = HELD.get(key);
        if (held != null && Instant.now().isBefore(held.until())) {
            return held.token();
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer
                            + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("no token for " + who + " from " + issuer + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            Matcher expires = EXPIRES_IN.matcher(response.body());
            long seconds = expires.find() ? Long.parseLong(expires.group(1)) : 60;
            HELD.put(key, new Held(token.group(1), Instant.now().plusSeconds(Math.max(5, seconds - 30))));
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak not reached at " + issuer + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
