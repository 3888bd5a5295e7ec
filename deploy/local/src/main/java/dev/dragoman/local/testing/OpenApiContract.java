package dev.dragoman.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Each service's OpenAPI document is its contract, kept in the repository under docs/api/. A test compares the
 * document the running service serves with the committed one, so an API change is always a visible, reviewed change.
 * After an intended change, run the service's tests with {@code -Ddragoman.openapi.update=true} and commit the file.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiContract() {
    }

    /** Generated clients name methods after operation ids: two operations with one id break them. */
    static void assertUniqueOperationIds(String service, JsonNode document) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        document.path("paths").forEach(path -> path.forEach(operation -> {
            String id = operation.path("operationId").asText(null);
            if (id != null && !seen.add(id)) {
                throw new AssertionError(service + " has two operations with operationId '" + id
                        + "': give the resource methods distinct names");
            }
        }));
    }

    public static void assertMatchesCommitted(String service, String servedJson) {
        Path committed = Path.of(System.getProperty("dragoman.project.dir", "..")).resolve("docs/api")
                .resolve(service + ".openapi.json");
        try {
            JsonNode served = JSON.readTree(servedJson);
            assertUniqueOperationIds(service, served);
            if (Boolean.getBoolean("dragoman.openapi.update")) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, JSON.writeValueAsString(JSON.treeToValue(served, Object.class)) + "\n");
                return;
            }
            if (!Files.exists(committed)) {
                throw new AssertionError("no committed contract at " + committed
                        + ": run the tests with -Ddragoman.openapi.update=true and commit it");
            }
            JsonNode expected = JSON.readTree(committed.toFile());
            if (!expected.equals(served)) {
                throw new AssertionError(service + " serves an API that differs from " + committed
                        + ". If the change is intended, run the tests with -Ddragoman.openapi.update=true and commit "
                        + "the file.\nServed:\n" + JSON.writeValueAsString(JSON.treeToValue(served, Object.class)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
