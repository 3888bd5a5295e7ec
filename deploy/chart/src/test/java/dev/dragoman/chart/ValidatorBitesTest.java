package dev.dragoman.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Negative tests: the real default render, one manifest broken on purpose, and the same validator and policy rules as
 * RenderedChartTest must report exactly that break (the untouched render is clean, see that test).
 */
class ValidatorBitesTest {

    private static final String DEPLOYMENT = "dragoman-query-service";

    @Test
    void unknownFieldInAContainerIsReported() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT,
                d -> container(d).put("imagePullPolicyy", "IfNotPresent"));
        assertReported(problems, "Deployment/dragoman-query-service: spec.template.spec.containers[0].imagePullPolicyy: unknown field");
    }

    @Test
    void unknownFieldDeepInAProbeIsReported() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT,
                d -> ((ObjectNode) container(d).path("readinessProbe").path("httpGet")).put("paht", "/q/health/ready"));
        assertReported(problems, "readinessProbe.httpGet.paht: unknown field");
    }

    @Test
    void wordForANumberIsReported() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT, d -> ((ObjectNode) d.path("spec")).put("replicas", "three"));
        assertReported(problems, "spec.replicas: wrong type");
    }

    @Test
    void quotedNumberIsNotCoerced() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT, d -> ((ObjectNode) d.path("spec")).put("replicas", "3"));
        assertReported(problems, "spec.replicas: wrong type");
    }

    @Test
    void numberWhereKubernetesWantsAStringIsReported() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT,
                d -> ((ObjectNode) container(d).path("env").get(0)).put("value", 8));
        assertReported(problems, "wrong type");
    }

    @Test
    void stringWhereKubernetesWantsABooleanIsReported() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT,
                d -> ((ObjectNode) container(d).path("securityContext")).put("readOnlyRootFilesystem", "yes"));
        assertReported(problems, "readOnlyRootFilesystem: wrong type");
    }

    @Test
    void malformedQuantityIsReported() {
        List<String> problems = schemaProblems("Deployment", DEPLOYMENT,
                d -> ((ObjectNode) container(d).path("resources").path("limits")).put("memory", "lots"));
        assertReported(problems, "resources.limits.memory: not a quantity");
    }

    @Test
    void unknownFieldInServiceMonitorIsReported() {
        List<String> problems = schemaProblems("ServiceMonitor", "dragoman",
                m -> ((ObjectNode) m.path("spec").path("endpoints").get(0)).put("scrapeIntervall", "30s"));
        assertReported(problems, "spec.endpoints[0].scrapeIntervall: unknown field");
    }

    @Test
    void unknownFieldInElasticsearchIsReported() {
        List<String> problems = schemaProblems("Elasticsearch", "dragoman",
                e -> ((ObjectNode) e.path("spec").path("nodeSets").get(0)).put("replicas", 3));
        assertReported(problems, "replicas");
    }

    @Test
    void unknownFieldInElasticsearchPodTemplateIsReported() {
        List<String> problems = schemaProblems("Elasticsearch", "dragoman",
                e -> ((ObjectNode) e.at("/spec/nodeSets/0/podTemplate/spec/containers/0")).put("resource", "x"));
        assertReported(problems, "spec.nodeSets[0].podTemplate.spec.containers[0].resource: unknown field");
    }

    @Test
    void wrongTypeInCloudNativePgClusterIsReported() {
        List<String> problems = schemaProblems("Cluster", "dragoman-pg", c -> ((ObjectNode) c.path("spec")).put("instances", "three"));
        assertReported(problems, "instances");
    }

    @Test
    void unknownKindIsReported() {
        List<String> problems = schemaProblems("Ingress", "dragoman", i -> i.put("apiVersion", "extensions/v1beta1"));
        assertReported(problems, "no schema for extensions/v1beta1/Ingress");
    }

    @Test
    void selectorThatMissesThePodsIsReported() {
        List<String> problems = policyProblems("Deployment", DEPLOYMENT,
                d -> ((ObjectNode) d.at("/spec/selector/matchLabels")).put("app.kubernetes.io/name", "query"));
        assertReported(problems, "Deployment/dragoman-query-service: spec.selector does not match the pod template's labels");
        // and everything that selects those pods now finds them still, but the PDB/Service checks see the mismatch
        problems = policyProblems("Service", "dragoman-nlp-service",
                s -> ((ObjectNode) s.at("/spec/selector")).put("app.kubernetes.io/name", "nlp"));
        assertReported(problems, "Service/dragoman-nlp-service: spec.selector matches 0 Deployments' pods");
        problems = policyProblems("PodDisruptionBudget", "dragoman-ingest-service",
                p -> ((ObjectNode) p.at("/spec/selector/matchLabels")).remove("app.kubernetes.io/name"));
        assertReported(problems, "PodDisruptionBudget/dragoman-ingest-service: spec.selector matches 3 Deployments' pods");
        problems = policyProblems("NetworkPolicy", "dragoman-nlp-service",
                p -> ((ObjectNode) p.at("/spec/podSelector/matchLabels")).put("app.kubernetes.io/name", "nlp"));
        assertReported(problems, "NetworkPolicy/dragoman-nlp-service: spec.podSelector matches no pod");
        problems = policyProblems("HorizontalPodAutoscaler", "dragoman-nlp-service",
                h -> ((ObjectNode) h.at("/spec/scaleTargetRef")).put("name", "dragoman-nlp"));
        assertReported(problems, "scaleTargetRef Deployment/dragoman-nlp is not rendered");
    }

    @Test
    void missingProbeIsReported() {
        List<String> problems = policyProblems("Deployment", DEPLOYMENT, d -> container(d).remove("startupProbe"));
        assertReported(problems, "Deployment/dragoman-query-service: container query-service: no startupProbe");
    }

    @Test
    void missingLimitsAndWeakSecurityAreReported() {
        List<String> problems = policyProblems("Deployment", DEPLOYMENT, d -> {
            ((ObjectNode) container(d).path("resources")).remove("limits");
            ((ObjectNode) container(d).path("securityContext")).put("allowPrivilegeEscalation", true);
            ((ObjectNode) container(d).path("securityContext")).put("readOnlyRootFilesystem", false);
        });
        assertReported(problems, "no resources.limits.memory");
        assertReported(problems, "allowPrivilegeEscalation is not false");
        assertReported(problems, "readOnlyRootFilesystem is not true");
    }

    @Test
    void latestImageIsReported() {
        List<String> problems = policyProblems("Job", "dragoman-migrate", j -> container(j).put("image", "dragoman/ingest-service:latest"));
        assertReported(problems, "image dragoman/ingest-service:latest has no fixed tag");
    }

    @Test
    void inlinedSecretIsReported() {
        List<ObjectNode> manifests = Manifests.copy(HelmChart.render());
        ObjectNode secret = Manifests.YAML.createObjectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret").putObject("metadata").put("name", "dragoman-db");
        secret.putObject("stringData").put("password", "hunter2");
        List<ObjectNode> withSecret = new java.util.ArrayList<>(manifests);
        withSecret.add(secret);
        assertReported(PolicyRules.check(withSecret), "Secret/dragoman-db: the chart renders secret data");
        List<String> problems = policyProblems("Deployment", "dragoman-ingest-service",
                d -> ((ArrayNode) container(d).path("env")).addObject().put("name", "QUARKUS_DATASOURCE_PASSWORD").put("value", "hunter2"));
        assertReported(problems, "QUARKUS_DATASOURCE_PASSWORD does not come from a Secret");
    }

    private static ObjectNode container(ObjectNode workload) {
        return (ObjectNode) Manifests.podSpec(workload).path("containers").get(0);
    }

    private static List<String> schemaProblems(String kind, String name, Consumer<ObjectNode> mutation) {
        List<ObjectNode> manifests = Manifests.copy(HelmChart.render());
        ObjectNode manifest = Manifests.get(manifests, kind, name);
        assertEquals(List.of(), new SchemaValidator().validate(manifest), "clean before the mutation");
        mutation.accept(manifest);
        return new SchemaValidator().validate(List.of(manifest));
    }

    private static List<String> policyProblems(String kind, String name, Consumer<ObjectNode> mutation) {
        List<ObjectNode> manifests = Manifests.copy(HelmChart.render());
        assertEquals(List.of(), PolicyRules.check(manifests), "clean before the mutation");
        mutation.accept(Manifests.get(manifests, kind, name));
        return PolicyRules.check(manifests);
    }

    private static void assertReported(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing \"" + expected + "\", got " + problems);
    }
}
