package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rendered manifests as JSON trees, and small helpers to find things in them. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private Manifests() {
    }

    static List<ObjectNode> parse(String multiDocumentYaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(multiDocumentYaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue; // an empty document between two "---"
                }
                if (!(document instanceof ObjectNode object)) {
                    throw new IllegalStateException("a rendered document is not a mapping: " + document);
                }
                documents.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kind(JsonNode manifest) {
        return manifest.path("kind").asText();
    }

    static String name(JsonNode manifest) {
        return manifest.path("metadata").path("name").asText();
    }

    static String id(JsonNode manifest) {
        return kind(manifest) + "/" + name(manifest);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> manifests, String kind) {
        return manifests.stream().filter(m -> kind(m).equals(kind)).toList();
    }

    static Optional<ObjectNode> find(List<ObjectNode> manifests, String kind, String name) {
        return manifests.stream().filter(m -> kind(m).equals(kind) && name(m).equals(name)).findFirst();
    }

    static ObjectNode get(List<ObjectNode> manifests, String kind, String name) {
        return find(manifests, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    /** Deep copies, so a test can mutate a manifest without touching the cached render. */
    static List<ObjectNode> copy(List<ObjectNode> manifests) {
        return manifests.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The pod template spec of a workload (Deployment, Job), or null. */
    static JsonNode podSpec(JsonNode manifest) {
        JsonNode spec = manifest.path("spec").path("template").path("spec");
        return spec.isMissingNode() ? null : spec;
    }
}
