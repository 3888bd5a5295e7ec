package dev.dragoman.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys documented in README.md's "Configuration" table, the one place they are described, and
 * their environment variable names.
 *
 * <p>A cell lists keys in backticks; a key that starts with a dot ({@code .username}) replaces the last segment of
 * each full key in the same cell ({@code quarkus.elasticsearch.hosts} gives {@code quarkus.elasticsearch.username}).
 */
final class ConfigKeys {

    static final Path PROJECT = HelmChart.DIR.getParent().getParent().getParent();
    static final Path README = PROJECT.resolve("README.md");

    /**
     * Environment variables the chart sets that are no configuration key of the services: the JVM's own options.
     */
    static final Set<String> NOT_CONFIGURATION = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    private ConfigKeys() {
    }

    /** The documented keys, as written (dotted). */
    static Set<String> documentedKeys() {
        return documentedKeys(read(README));
    }

    static Set<String> documentedKeys(String readme) {
        int start = readme.indexOf("### Configuration");
        if (start < 0) {
            throw new IllegalStateException("README.md has no \"### Configuration\" section");
        }
        String section = readme.substring(start);
        int end = section.indexOf("\n## ", 1);
        section = end < 0 ? section : section.substring(0, end);
        Set<String> keys = new LinkedHashSet<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue; // header, separator, prose
            }
            String firstCell = line.substring(1, line.indexOf('|', 1));
            List<String> full = new ArrayList<>();
            List<String> relative = new ArrayList<>();
            Matcher matcher = BACKTICKED.matcher(firstCell);
            while (matcher.find()) {
                String key = matcher.group(1).trim();
                (key.startsWith(".") ? relative : full).add(key);
            }
            keys.addAll(full);
            for (String base : full) {
                for (String suffix : relative) {
                    keys.add(base.substring(0, base.lastIndexOf('.')) + suffix);
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no keys found in README.md's Configuration table");
        }
        return keys;
    }

    /** The Quarkus/SmallRye Config rule: upper case, every character that is not a letter or digit becomes "_". */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static Set<String> documentedEnvNames(Set<String> keys) {
        Set<String> names = new LinkedHashSet<>();
        keys.forEach(k -> names.add(envName(k)));
        return names;
    }

    /** Environment variable names the local run (deploy/local, class Suite) sets for the services. */
    static Set<String> localRunEnvNames() {
        String suite = read(PROJECT.resolve("deploy/local/src/main/java/dev/dragoman/local/Suite.java"));
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("\\.put(?:IfAbsent)?\\(\"([A-Z][A-Z0-9_]*)\"").matcher(suite);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
