package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart in deploy/helm/dragoman, linted and rendered by Helm itself (helm-java: Helm 3 as a native library, no
 * binary, no cluster).
 *
 * <p>helm-java's template command leaves hooks out of its output (it returns the release manifest only). So the
 * chart is rendered from a copy in which every {@code helm.sh/hook} annotation is renamed {@value #HOOK_ANNOTATION}:
 * the hook then renders like any other manifest, byte for byte the same otherwise, and the tests can still see which
 * hook it is.
 */
final class HelmChart {

    static final String HOOK_ANNOTATION = "test.dragoman.dev/helm-hook";
    static final String RELEASE = "dragoman";
    static final String NAMESPACE = "dragoman";
    /** Helm's offline default Kubernetes version is older than the chart's kubeVersion constraint. */
    static final String KUBE_VERSION = "1.30.0";

    static final Path DIR = Path.of(System.getProperty("dragoman.chart.dir", "../helm/dragoman")).toAbsolutePath().normalize();
    static final Path PRODUCTION_VALUES = DIR.resolve("values-production.yaml");
    /** Values for the external-backends path: an existing Elasticsearch and PostgreSQL, secrets by reference. */
    static final Path EXTERNAL_VALUES = Path.of("src/test/resources/values-external.yaml").toAbsolutePath();

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static Path renderableCopy;

    private HelmChart() {
    }

    /** helm lint --strict on the chart as it is, with its own values.yaml. */
    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /**
     * helm lint --strict with a values file on top of values.yaml. helm-java's lint takes no values file, so a copy of
     * the chart gets values.yaml and the file merged the way Helm merges them (maps deeply, everything else replaced).
     */
    static LintResult lint(Path valuesFile) {
        Path copy = copyChart(DIR, false);
        ObjectNode merged = (ObjectNode) Manifests.YAML.valueToTree(Manifests.readYaml(DIR.resolve("values.yaml")));
        merge(merged, Manifests.readYaml(valuesFile));
        try {
            Files.writeString(copy.resolve("values.yaml"), Manifests.YAML.writeValueAsString(merged));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    /** helm template (hooks included, see the class comment), parsed; each values file once per JVM. */
    static List<ObjectNode> render(Path... valuesFiles) {
        String key = String.join("|", Stream.of(valuesFiles).map(Path::toString).toList());
        return RENDERED.computeIfAbsent(key, k -> Manifests.parse(renderYaml(valuesFiles)));
    }

    static String renderYaml(Path... valuesFiles) {
        TemplateCommand template = new Helm(renderableCopy()).template()
                .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        return template.call();
    }

    private static synchronized Path renderableCopy() {
        if (renderableCopy == null) {
            renderableCopy = copyChart(DIR, true);
        }
        return renderableCopy;
    }

    private static Path copyChart(Path chart, boolean unhook) {
        try {
            Path target = Files.createTempDirectory("dragoman-chart-").resolve("dragoman");
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                    Path to = target.resolve(chart.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else if (unhook && file.getFileName().toString().endsWith(".yaml") && file.startsWith(chart.resolve("templates"))) {
                        Files.writeString(to, Files.readString(file).replace("helm.sh/hook", HOOK_ANNOTATION), StandardCharsets.UTF_8);
                    } else {
                        Files.copy(file, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode into, JsonNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }
}
