package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart and the local run configure the services through the same keys, documented once: README.md's
 * "Configuration" table. Every environment variable the chart sets (ConfigMap data, container env) and every one the
 * local run sets is the environment form of a key in that table.
 */
class ConfigurationKeysTest {

    static Set<String> chartEnvNames(List<ObjectNode> manifests) {
        Set<String> names = new TreeSet<>();
        for (ObjectNode configMap : Manifests.ofKind(manifests, "ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(names::add);
        }
        for (ObjectNode workload : manifests) {
            JsonNode pod = Manifests.podSpec(workload);
            if (pod == null || Manifests.kind(workload).equals("Elasticsearch")) {
                continue;
            }
            for (JsonNode container : pod.path("containers")) {
                container.path("env").forEach(env -> names.add(env.path("name").asText()));
            }
        }
        return names;
    }

    static List<ObjectNode> render(String valueSet) {
        return RenderedChartTest.render(valueSet);
    }

    @ParameterizedTest
    @MethodSource("dev.dragoman.chart.RenderedChartTest#valueSets")
    void everyVariableTheChartSetsIsADocumentedKey(String valueSet) {
        Set<String> documented = ConfigKeys.documentedEnvNames(ConfigKeys.documentedKeys());
        Set<String> undocumented = new TreeSet<>(chartEnvNames(render(valueSet)));
        undocumented.removeAll(documented);
        undocumented.removeAll(ConfigKeys.NOT_CONFIGURATION);
        assertEquals(Set.of(), undocumented, "set by the chart but not in README.md's Configuration table");
    }

    @Test
    void everyVariableTheLocalRunSetsIsADocumentedKey() {
        Set<String> localRun = ConfigKeys.localRunEnvNames();
        assertTrue(localRun.contains("QUARKUS_DATASOURCE_JDBC_URL"), "Suite.java not read: " + localRun);
        Set<String> undocumented = new TreeSet<>(localRun);
        undocumented.removeAll(ConfigKeys.documentedEnvNames(ConfigKeys.documentedKeys()));
        assertEquals(Set.of(), undocumented, "set by deploy/local but not in README.md's Configuration table");
    }

    @Test
    void theChartWiresWhatTheLocalRunWires() {
        Set<String> chart = chartEnvNames(render("default"));
        Set<String> missing = new TreeSet<>(ConfigKeys.localRunEnvNames());
        missing.removeAll(chart);
        // the local run turns JSON logs off for people reading a terminal; in a cluster they stay on (the default)
        missing.remove("QUARKUS_LOG_CONSOLE_JSON_ENABLED");
        assertEquals(Set.of(), missing, "wired by deploy/local but not by the chart");
    }

    @Test
    void anUndocumentedKeyIsCaught() {
        Set<String> documented = ConfigKeys.documentedEnvNames(ConfigKeys.documentedKeys("""
                ### Configuration

                | key | service | meaning |
                |---|---|---|
                | `quarkus.elasticsearch.hosts` (+ `.username`, `.password`) | query | Elasticsearch |
                | `dragoman.query.index-prefix` | query | index names |
                """));
        assertEquals(Set.of("QUARKUS_ELASTICSEARCH_HOSTS", "QUARKUS_ELASTICSEARCH_USERNAME", "QUARKUS_ELASTICSEARCH_PASSWORD",
                "DRAGOMAN_QUERY_INDEX_PREFIX"), documented);
        Set<String> undocumented = new TreeSet<>(chartEnvNames(render("default")));
        undocumented.removeAll(documented);
        assertTrue(undocumented.contains("QUARKUS_DATASOURCE_JDBC_URL"), undocumented.toString());
    }

    @Test
    void keysBecomeVariablesTheQuarkusWay() {
        assertEquals("DRAGOMAN_INGEST_PIPELINE_POLL_INTERVAL", ConfigKeys.envName("dragoman.ingest.pipeline.poll-interval"));
        assertEquals("QUARKUS_REST_CLIENT_NLP_URL", ConfigKeys.envName("quarkus.rest-client.nlp.url"));
        // the chart's template does the same: a key from values.yaml arrives in the ConfigMap as its variable
        assertEquals("512", RenderedChartTest.configMap(render("production"), "ingest-service")
                .path("DRAGOMAN_INGEST_PIPELINE_CONCURRENCY").asText());
    }
}
