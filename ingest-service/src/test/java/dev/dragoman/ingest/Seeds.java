package dev.dragoman.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample articles in ../shared/seeds, read in place. */
public final class Seeds {

    private Seeds() {
    }

    public static String read(String prefix) {
        Path seeds = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "seeds");
        try (var files = Files.list(seeds)) {
            return Files.readString(files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no seed " + prefix + " in " + seeds)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
