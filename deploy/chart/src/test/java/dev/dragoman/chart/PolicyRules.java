package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's rules for what the chart renders (deploy/README.md, "Policy rules"). Each broken rule is one problem,
 * "Kind/name: what".
 */
final class PolicyRules {

    private PolicyRules() {
    }

    static List<String> check(List<ObjectNode> manifests) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode manifest : manifests) {
            String id = Manifests.id(manifest);
            switch (Manifests.kind(manifest)) {
                case "Deployment" -> {
                    checkPod(id, manifest, true, problems);
                    if (!matches(manifest.path("spec").path("selector"), podLabels(manifest))) {
                        problems.add(id + ": spec.selector does not match the pod template's labels");
                    }
                }
                case "Job" -> checkPod(id, manifest, false, problems);
                case "Secret" -> {
                    // two exceptions, both for ECK, which reads users and roles only from Secrets: the role
                    // definitions (no credential in them) and query-service's own user, whose password is drawn at
                    // install (randAlphaNum, a pre-install hook kept afterwards), never written in values
                    boolean eckRoles = Manifests.name(manifest).endsWith("-dragoman-roles");
                    boolean generatedUser = Manifests.name(manifest).endsWith("-dragoman-query-user")
                            && manifest.path("metadata").path("annotations").has(HelmChart.HOOK_ANNOTATION);
                    if (!eckRoles && !generatedUser && (manifest.has("data") || manifest.has("stringData"))) {
                        problems.add(id + ": the chart renders secret data (name an existing Secret instead)");
                    }
                }
                case "Service" -> {
                    JsonNode selector = manifest.path("spec").path("selector");
                    List<ObjectNode> targets = workloadsMatching(manifests, selector, false);
                    if (selector.isEmpty() || targets.size() != 1) {
                        problems.add(id + ": spec.selector matches " + targets.size() + " Deployments' pods, not exactly one");
                    } else {
                        Set<String> portNames = containerPortNames(targets.get(0));
                        for (JsonNode port : manifest.path("spec").path("ports")) {
                            JsonNode target = port.path("targetPort");
                            if (target.isTextual() && !portNames.contains(target.asText())) {
                                problems.add(id + ": targetPort " + target.asText() + " is no container port of " + Manifests.id(targets.get(0)));
                            }
                        }
                    }
                }
                case "PodDisruptionBudget" -> {
                    int count = workloadsMatching(manifests, manifest.path("spec").path("selector"), true).size();
                    if (count != 1) {
                        problems.add(id + ": spec.selector matches " + count + " Deployments' pods, not exactly one");
                    }
                }
                case "HorizontalPodAutoscaler" -> {
                    JsonNode target = manifest.path("spec").path("scaleTargetRef");
                    if (Manifests.find(manifests, target.path("kind").asText(), target.path("name").asText()).isEmpty()) {
                        problems.add(id + ": scaleTargetRef " + target.path("kind").asText() + "/" + target.path("name").asText() + " is not rendered");
                    }
                }
                case "NetworkPolicy" -> checkNetworkPolicy(id, manifest, manifests, problems);
                case "ServiceMonitor" -> {
                    List<ObjectNode> services = Manifests.ofKind(manifests, "Service").stream()
                            .filter(s -> matches(manifest.path("spec").path("selector"), labels(s.path("metadata"))))
                            .toList();
                    if (services.isEmpty()) {
                        problems.add(id + ": spec.selector matches no Service");
                    }
                    for (JsonNode endpoint : manifest.path("spec").path("endpoints")) {
                        for (ObjectNode service : services) {
                            boolean hasPort = false;
                            for (JsonNode port : service.path("spec").path("ports")) {
                                hasPort |= port.path("name").asText().equals(endpoint.path("port").asText());
                            }
                            if (!hasPort) {
                                problems.add(id + ": endpoint port " + endpoint.path("port").asText() + " is no port of " + Manifests.id(service));
                            }
                        }
                    }
                }
                case "Ingress" -> {
                    for (JsonNode rule : manifest.path("spec").path("rules")) {
                        for (JsonNode path : rule.path("http").path("paths")) {
                            JsonNode backend = path.path("backend").path("service");
                            var service = Manifests.find(manifests, "Service", backend.path("name").asText());
                            if (service.isEmpty()) {
                                problems.add(id + ": backend Service " + backend.path("name").asText() + " is not rendered");
                            } else if (backend.path("port").has("name")) {
                                boolean hasPort = false;
                                for (JsonNode port : service.get().path("spec").path("ports")) {
                                    hasPort |= port.path("name").asText().equals(backend.path("port").path("name").asText());
                                }
                                if (!hasPort) {
                                    problems.add(id + ": backend port " + backend.path("port").path("name").asText() + " is no port of " + Manifests.id(service.get()));
                                }
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void checkPod(String id, JsonNode workload, boolean longRunning, List<String> problems) {
        JsonNode pod = Manifests.podSpec(workload);
        if (pod == null) {
            problems.add(id + ": no pod template");
            return;
        }
        if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
            problems.add(id + ": automountServiceAccountToken is not false");
        }
        JsonNode podSecurity = pod.path("securityContext");
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        for (JsonNode container : containers) {
            String at = id + ": container " + container.path("name").asText();
            if (longRunning) {
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    if (!container.has(probe)) {
                        problems.add(at + ": no " + probe);
                    }
                }
            }
            JsonNode resources = container.path("resources");
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (!resources.path(bound).has(resource)) {
                        problems.add(at + ": no resources." + bound + "." + resource);
                    }
                }
            }
            JsonNode security = container.path("securityContext");
            boolean nonRoot = security.has("runAsNonRoot") ? security.path("runAsNonRoot").asBoolean(false)
                    : podSecurity.path("runAsNonRoot").asBoolean(false);
            if (!nonRoot) {
                problems.add(at + ": runAsNonRoot is not true");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(at + ": readOnlyRootFilesystem is not true");
            }
            if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
                problems.add(at + ": allowPrivilegeEscalation is not false");
            }
            boolean dropsAll = false;
            for (JsonNode capability : security.path("capabilities").path("drop")) {
                dropsAll |= capability.asText().equals("ALL");
            }
            if (!dropsAll) {
                problems.add(at + ": capabilities do not drop ALL");
            }
            String image = container.path("image").asText();
            String lastPart = image.substring(image.lastIndexOf('/') + 1);
            if (!image.contains("@sha256:") && (!lastPart.contains(":") || lastPart.endsWith(":latest"))) {
                problems.add(at + ": image " + image + " has no fixed tag (or is :latest)");
            }
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (name.matches(".*(PASSWORD|SECRET|TOKEN).*") && !env.path("valueFrom").has("secretKeyRef")) {
                    problems.add(at + ": " + name + " does not come from a Secret");
                }
            }
        }
        Map<String, String> labels = podLabels(workload);
        for (JsonNode constraint : pod.path("topologySpreadConstraints")) {
            if (!matches(constraint.path("labelSelector"), labels)) {
                problems.add(id + ": a topologySpreadConstraint's labelSelector does not match the pod's labels");
            }
        }
    }

    private static void checkNetworkPolicy(String id, JsonNode policy, List<ObjectNode> manifests, List<String> problems) {
        JsonNode spec = policy.path("spec");
        if (workloadsMatching(manifests, spec.path("podSelector"), false).isEmpty()) {
            problems.add(id + ": spec.podSelector matches no pod the chart renders");
        }
        List<JsonNode> peers = new ArrayList<>();
        spec.path("ingress").forEach(rule -> rule.path("from").forEach(peers::add));
        spec.path("egress").forEach(rule -> rule.path("to").forEach(peers::add));
        for (JsonNode peer : peers) {
            if (peer.has("podSelector") && !peer.has("namespaceSelector")
                    && workloadsMatching(manifests, peer.path("podSelector"), false).isEmpty()
                    && !matchesOperatorPods(manifests, peer.path("podSelector"))) {
                problems.add(id + ": peer podSelector " + peer.path("podSelector") + " matches no pod of this release");
            }
        }
    }

    /** Pods that the ECK and CloudNativePG operators create for the chart's resources, by their documented labels. */
    static boolean matchesOperatorPods(List<ObjectNode> manifests, JsonNode selector) {
        for (ObjectNode es : Manifests.ofKind(manifests, "Elasticsearch")) {
            if (matches(selector, Map.of("elasticsearch.k8s.elastic.co/cluster-name", Manifests.name(es)))) {
                return true;
            }
        }
        for (ObjectNode cluster : Manifests.ofKind(manifests, "Cluster")) {
            if (matches(selector, Map.of("cnpg.io/cluster", Manifests.name(cluster)))) {
                return true;
            }
        }
        return false;
    }

    /** Deployments (and Jobs unless onlyDeployments) whose pod template labels the selector matches. */
    static List<ObjectNode> workloadsMatching(List<ObjectNode> manifests, JsonNode selector, boolean onlyDeployments) {
        return manifests.stream()
                .filter(m -> Manifests.kind(m).equals("Deployment") || (!onlyDeployments && Manifests.kind(m).equals("Job")))
                .filter(m -> matches(selector, podLabels(m)))
                .toList();
    }

    static Map<String, String> podLabels(JsonNode workload) {
        return labels(workload.path("spec").path("template").path("metadata"));
    }

    static Map<String, String> labels(JsonNode metadata) {
        Map<String, String> labels = new HashMap<>();
        metadata.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Set<String> containerPortNames(JsonNode workload) {
        Set<String> names = new HashSet<>();
        Manifests.podSpec(workload).path("containers")
                .forEach(c -> c.path("ports").forEach(p -> names.add(p.path("name").asText())));
        return names;
    }

    /**
     * Kubernetes label selector semantics. A selector is either {matchLabels, matchExpressions} or, for Services, a
     * plain map of labels. An empty selector matches everything (as in a NetworkPolicy), a missing one nothing.
     */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        boolean structured = selector.has("matchLabels") || selector.has("matchExpressions");
        JsonNode matchLabels = structured ? selector.path("matchLabels") : selector;
        var fields = matchLabels.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(labels.get(field.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
