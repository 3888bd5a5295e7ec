package dev.dragoman.chart;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helm lint --strict: the chart is well-formed, and values.schema.json refuses values of the wrong type. */
class HelmLintTest {

    @Test
    void lintsCleanWithDefaultValues() {
        assertLintsClean(HelmChart.lint());
    }

    @Test
    void lintsCleanWithProductionValues() {
        assertLintsClean(HelmChart.lint(HelmChart.PRODUCTION_VALUES));
    }

    @Test
    void lintsCleanWithExternalBackends() {
        assertLintsClean(HelmChart.lint(HelmChart.EXTERNAL_VALUES));
    }

    @Test
    void valuesOfTheWrongTypeFailLint(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("bad.yaml"), """
                ingest:
                  replicaCount: "three"
                elasticsearch:
                  mode: opensearch
                """);
        LintResult result = HelmChart.lint(values);
        assertTrue(result.isFailed(), "lint accepted wrong value types: " + result.getMessages());
        String messages = String.join("\n", result.getMessages());
        assertTrue(messages.contains("/ingest/replicaCount"), messages);
        assertTrue(messages.contains("/elasticsearch/mode"), messages);
    }

    @Test
    void unknownValuesAndLatestTagFailTemplate(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("bad.yaml"), """
                image:
                  tag: latest
                query:
                  replicas: 3
                """);
        var error = assertThrows(IllegalStateException.class, () -> HelmChart.renderYaml(values));
        assertTrue(error.getMessage().contains("/image/tag"), error.getMessage());
        assertTrue(error.getMessage().contains("replicas"), error.getMessage());
    }

    @Test
    void externalModesRequireTheirSettings(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("bad.yaml"), """
                postgresql:
                  mode: external
                """);
        var error = assertThrows(IllegalStateException.class, () -> HelmChart.renderYaml(values));
        assertTrue(error.getMessage().contains("/postgresql/external/jdbcUrl"), error.getMessage());
    }

    private static void assertLintsClean(LintResult result) {
        List<String> notInfo = result.getMessages().stream().filter(m -> !m.startsWith("[INFO]")).toList();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        assertEquals(List.of(), notInfo);
    }
}
