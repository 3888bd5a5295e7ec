package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dragoman.common.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An opaque paging cursor: the point-in-time the pages are read from, the sort values of the last hit (for
 * search_after) and a fingerprint of the query it belongs to, base64url-encoded. A cursor used with another query,
 * or a mangled one, is refused with 400.
 */
record Cursor(String pit, List<FieldValue> after, String fingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String encode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("f", fingerprint);
        if (pit != null) {
            node.put("p", pit);
        }
        ArrayNode values = node.putArray("a");
        for (FieldValue value : after) {
            switch (value._kind()) {
                case Double -> values.add(value.doubleValue());
                case Long -> values.add(value.longValue());
                case Boolean -> values.add(value.booleanValue());
                case Null -> values.addNull();
                default -> values.add(value._toJsonString());
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text, String expectedFingerprint) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw invalid("it is not a cursor this service issued");
        }
        if (node == null || !node.path("f").isTextual() || !node.path("a").isArray()) {
            throw invalid("it is not a cursor this service issued");
        }
        if (!node.path("f").asText().equals(expectedFingerprint)) {
            throw invalid("it belongs to a different query; repeat the query's parameters unchanged when paging");
        }
        List<FieldValue> after = new ArrayList<>();
        for (JsonNode value : node.path("a")) {
            if (value.isIntegralNumber()) {
                after.add(FieldValue.of(value.longValue()));
            } else if (value.isNumber()) {
                after.add(FieldValue.of(value.doubleValue()));
            } else if (value.isBoolean()) {
                after.add(FieldValue.of(value.booleanValue()));
            } else if (value.isNull()) {
                after.add(FieldValue.NULL);
            } else {
                after.add(FieldValue.of(value.asText()));
            }
        }
        String pit = node.path("p").isTextual() ? node.path("p").asText() : null;
        return new Cursor(pit, after, expectedFingerprint);
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("Invalid cursor", "the cursor cannot be used: " + why);
    }
}
