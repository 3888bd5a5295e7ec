package dev.dragoman.e2e;

import java.nio.file.Path;

/** Where the end-to-end tests find the project, write the services' logs and read the shared news data (in place). */
final class E2e {

    private E2e() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("dragoman.project.dir", "../.."));
    }

    /** A service process's log file, under deploy/e2e/target/service-logs. */
    static Path serviceLog(String file) {
        return projectDir().resolve("deploy/e2e/target/service-logs").resolve(file);
    }

    /** A file of ../shared/data/news: real articles as NDJSON. */
    static Path news(String file) {
        return Path.of(System.getProperty("dragoman.shared.dir", "../../../shared"), "data/news", file);
    }
}
