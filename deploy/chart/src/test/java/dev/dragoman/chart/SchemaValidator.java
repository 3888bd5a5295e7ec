package dev.dragoman.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks rendered manifests strictly against the Kubernetes API: an unknown field or a value of the wrong type is a
 * problem, as it would be for {@code kubectl apply --validate=strict}.
 *
 * <p>Built-in kinds and the prometheus-operator ServiceMonitor are read into fabric8's generated model classes (made
 * from the Kubernetes OpenAPI and the prometheus-operator CRDs). Those classes accept anything: unknown fields land
 * in {@code additionalProperties}, and Jackson coerces "3" to 3 and 3 to "3". So the mapper here refuses every
 * scalar coercion, and after reading, the whole object tree is walked: any non-empty {@code additionalProperties} is
 * an unknown field, and every Quantity must parse. The ECK Elasticsearch and CloudNativePG Cluster resources have no
 * model here: they are checked with JSON Schemas of the fields the chart uses (src/test/resources/crd-schemas,
 * additionalProperties false throughout), and their embedded Kubernetes objects (pod template, volume claims,
 * resources) with the model as above.
 */
final class SchemaValidator {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

    private static final Set<String> CRD_SCHEMAS = Set.of(
            "elasticsearch.k8s.elastic.co/v1/Elasticsearch",
            "postgresql.cnpg.io/v1/Cluster",
            "keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication");

    private final ObjectMapper mapper = strictMapper();
    private final Map<String, JsonSchema> schemas = new java.util.HashMap<>();

    static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /** Every problem of every manifest, each as "Kind/name: where: what". */
    List<String> validate(List<? extends JsonNode> manifests) {
        List<String> problems = new ArrayList<>();
        for (JsonNode manifest : manifests) {
            for (String problem : validate(manifest)) {
                problems.add(Manifests.id(manifest) + ": " + problem);
            }
        }
        return problems;
    }

    List<String> validate(JsonNode manifest) {
        String type = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
        Class<?> model = MODELS.get(type);
        if (model != null) {
            return readStrictly(manifest, model, "");
        }
        if (CRD_SCHEMAS.contains(type)) {
            return validateCustomResource(type, manifest);
        }
        return List.of("no schema for " + type + " (add one before the chart renders it)");
    }

    private List<String> validateCustomResource(String type, JsonNode manifest) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema(type).validate(manifest)) {
            problems.add(message.getInstanceLocation() + ": " + message.getMessage());
        }
        JsonNode spec = manifest.path("spec");
        if (type.endsWith("/Elasticsearch")) {
            int i = 0;
            for (JsonNode nodeSet : spec.path("nodeSets")) {
                String at = "spec.nodeSets[" + i++ + "]";
                if (nodeSet.has("podTemplate")) {
                    problems.addAll(readStrictly(nodeSet.get("podTemplate"), PodTemplateSpec.class, at + ".podTemplate"));
                }
                int j = 0;
                for (JsonNode claim : nodeSet.path("volumeClaimTemplates")) {
                    problems.addAll(readStrictly(claim, PersistentVolumeClaim.class, at + ".volumeClaimTemplates[" + j++ + "]"));
                }
            }
        } else if (spec.has("resources")) {
            problems.addAll(readStrictly(spec.get("resources"), ResourceRequirements.class, "spec.resources"));
        }
        return problems;
    }

    private JsonSchema schema(String type) {
        return schemas.computeIfAbsent(type, t -> {
            String resource = "/crd-schemas/" + t.replace('/', '_') + ".json";
            InputStream in = SchemaValidator.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        });
    }

    private List<String> readStrictly(JsonNode node, Class<?> model, String at) {
        Object value;
        try {
            value = mapper.treeToValue(node, model);
        } catch (MismatchedInputException e) {
            return List.of(join(at, path(e)) + ": wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of(join(at, "") + ": unreadable: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        walk(value, at, problems, new IdentityHashMap<>());
        return problems;
    }

    /** Unknown fields (fabric8 keeps them in additionalProperties) and malformed quantities, anywhere in the tree. */
    private static void walk(Object value, String at, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, at + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getValue(), join(at, String.valueOf(entry.getKey())), problems, seen);
            }
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                Quantity.getAmountInBytes(quantity);
            } catch (RuntimeException e) {
                problems.add(at + ": not a quantity: " + quantity);
            }
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> unknown) {
                    for (Object key : unknown.keySet()) {
                        problems.add(join(at, String.valueOf(key)) + ": unknown field");
                    }
                } else {
                    walk(fieldValue, join(at, jsonName(field)), problems, seen);
                }
            }
        }
    }

    private static String jsonName(Field field) {
        var property = field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : field.getName();
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String at, String field) {
        if (at.isEmpty()) {
            return field;
        }
        if (field.isEmpty() || field.startsWith("[")) {
            return at + field;
        }
        return at + "." + field;
    }
}
