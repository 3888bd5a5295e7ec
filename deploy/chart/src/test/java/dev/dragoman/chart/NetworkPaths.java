package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the rendered NetworkPolicies let through, as "from -> to:port" lines, with NetworkPolicy semantics: a pod
 * selected by a policy of a direction is isolated in that direction and gets only what some rule allows; a path
 * between two of the release's pods needs the source's egress and the destination's ingress. A pod left unisolated
 * in a direction shows as "X unrestricted ingress/egress". Peers outside the release are named by their selector:
 * the namespaces of the values (ingress-nginx, monitoring, kube-system) and the operator-managed pods.
 */
final class NetworkPaths {

    private NetworkPaths() {
    }

    static Set<String> allowed(List<ObjectNode> manifests) {
        Map<String, JsonNode> pods = new LinkedHashMap<>();
        for (ObjectNode workload : manifests) {
            switch (Manifests.kind(workload)) {
                case "Deployment" -> pods.put(PolicyRules.podLabels(workload).get("app.kubernetes.io/component") == null
                        ? Manifests.name(workload)
                        : workload.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText(), workload);
                case "Job" -> pods.put("migrations", workload);
                default -> {
                }
            }
        }
        List<ObjectNode> policies = Manifests.ofKind(manifests, "NetworkPolicy");
        Set<String> paths = new TreeSet<>();
        for (var source : pods.entrySet()) {
            List<JsonNode> egressRules = rules(policies, source.getValue(), "Egress", "egress");
            if (egressRules == null) {
                paths.add(source.getKey() + " unrestricted egress");
                continue;
            }
            for (JsonNode rule : egressRules) {
                for (String destination : peers(rule.path("to"), pods, manifests)) {
                    for (JsonNode port : rule.path("ports")) {
                        JsonNode target = pods.get(destination);
                        int number = portNumber(port.path("port"), target);
                        if (target == null || ingressAllows(policies, target, source.getValue(), number)) {
                            paths.add(source.getKey() + " -> " + destination + ":" + number);
                        }
                    }
                }
            }
        }
        for (var destination : pods.entrySet()) {
            List<JsonNode> ingressRules = rules(policies, destination.getValue(), "Ingress", "ingress");
            if (ingressRules == null) {
                paths.add(destination.getKey() + " unrestricted ingress");
                continue;
            }
            for (JsonNode rule : ingressRules) {
                for (String source : peers(rule.path("from"), pods, manifests)) {
                    if (pods.containsKey(source)) {
                        continue; // paths between the release's pods come from the egress side above
                    }
                    for (JsonNode port : rule.path("ports")) {
                        paths.add(source + " -> " + destination.getKey() + ":" + portNumber(port.path("port"), destination.getValue()));
                    }
                }
            }
        }
        return paths;
    }

    /** The rules of one direction of every policy selecting the pod, or null when none isolates it that way. */
    private static List<JsonNode> rules(List<ObjectNode> policies, JsonNode workload, String type, String field) {
        List<JsonNode> rules = null;
        for (ObjectNode policy : policies) {
            JsonNode spec = policy.path("spec");
            if (!PolicyRules.matches(spec.path("podSelector"), PolicyRules.podLabels(workload))) {
                continue;
            }
            boolean ofType = false;
            for (JsonNode policyType : spec.path("policyTypes")) {
                ofType |= policyType.asText().equals(type);
            }
            if (ofType) {
                rules = rules == null ? new ArrayList<>() : rules;
                spec.path(field).forEach(rules::add);
            }
        }
        return rules;
    }

    private static boolean ingressAllows(List<ObjectNode> policies, JsonNode target, JsonNode source, int port) {
        List<JsonNode> rules = rules(policies, target, "Ingress", "ingress");
        if (rules == null) {
            return true;
        }
        for (JsonNode rule : rules) {
            boolean fromSource = false;
            for (JsonNode peer : rule.path("from")) {
                fromSource |= peer.has("podSelector") && !peer.has("namespaceSelector")
                        && PolicyRules.matches(peer.path("podSelector"), PolicyRules.podLabels(source));
            }
            for (JsonNode allowedPort : rule.path("ports")) {
                if (fromSource && portNumber(allowedPort.path("port"), target) == port) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> peers(JsonNode peers, Map<String, JsonNode> pods, List<ObjectNode> manifests) {
        List<String> names = new ArrayList<>();
        if (peers.isMissingNode() || peers.isEmpty()) {
            names.add("anywhere");
            return names;
        }
        for (JsonNode peer : peers) {
            if (peer.has("namespaceSelector")) {
                String namespace = peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText("any namespace");
                names.add(switch (namespace) {
                    case "ingress-nginx" -> "ingress-controller";
                    case "monitoring" -> "prometheus";
                    case "kube-system" -> "dns";
                    default -> "namespace " + namespace;
                });
            } else if (peer.has("ipBlock")) {
                names.add("ipBlock " + peer.at("/ipBlock/cidr").asText());
            } else if (peer.has("podSelector")) {
                boolean found = false;
                for (var pod : pods.entrySet()) {
                    if (PolicyRules.matches(peer.path("podSelector"), PolicyRules.podLabels(pod.getValue()))) {
                        names.add(pod.getKey());
                        found = true;
                    }
                }
                if (!found && PolicyRules.matchesOperatorPods(manifests.stream().filter(m -> Manifests.kind(m).equals("Elasticsearch")).toList(), peer.path("podSelector"))) {
                    names.add("elasticsearch");
                } else if (!found && PolicyRules.matchesOperatorPods(manifests.stream().filter(m -> Manifests.kind(m).equals("Cluster")).toList(), peer.path("podSelector"))) {
                    names.add("postgresql");
                } else if (!found) {
                    names.add("unknown pods " + peer.path("podSelector"));
                }
            }
        }
        return names;
    }

    /** A port number, or a named port resolved through the target's container ports. */
    private static int portNumber(JsonNode port, JsonNode target) {
        if (port.isInt()) {
            return port.asInt();
        }
        if (target != null) {
            for (JsonNode container : Manifests.podSpec(target).path("containers")) {
                for (JsonNode containerPort : container.path("ports")) {
                    if (containerPort.path("name").asText().equals(port.asText())) {
                        return containerPort.path("containerPort").asInt();
                    }
                }
            }
        }
        throw new AssertionError("named port " + port + " does not resolve");
    }
}
