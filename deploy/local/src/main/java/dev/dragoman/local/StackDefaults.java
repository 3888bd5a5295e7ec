package dev.dragoman.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Build-time facts (artifact paths and versions) written into dragoman-local-stack.properties by Maven. */
final class StackDefaults {

    private static final Properties PROPERTIES = load();

    private StackDefaults() {
    }

    static String get(String key, String fallback) {
        String value = PROPERTIES.getProperty(key);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = StackDefaults.class.getResourceAsStream("/dragoman-local-stack.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dragoman-local-stack.properties", e);
        }
        return properties;
    }
}
