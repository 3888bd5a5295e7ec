package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A genuine single-node Elasticsearch run as a local process, from the Maven artifact
 * {@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip}. It needs a Java 21+ runtime
 * (ES_JAVA_HOME, or one found under /usr/lib/jvm) and runs as an unprivileged user when we are root.
 */
public final class ElasticsearchNode implements AutoCloseable {

    private final int httpPort;
    private final Path pidFile;
    private final Path logDir;
    private long pid = -1;

    private ElasticsearchNode(Path runDir, int httpPort) {
        this.httpPort = httpPort;
        this.pidFile = runDir.resolve("elasticsearch.pid");
        this.logDir = runDir.resolve("logs");
    }

    /** Configures a fresh node under runDir and starts it on the HTTP port (0 picks a free one). */
    public static ElasticsearchNode start(Path runDir, int httpPort, String heap) throws IOException, InterruptedException {
        ElasticsearchNode node = new ElasticsearchNode(runDir, httpPort == 0 ? Processes.freePort() : httpPort);
        node.startServer(distribution(), runDir, heap);
        return node;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    private void startServer(Path home, Path runDir, String heap) throws IOException, InterruptedException {
        Path conf = runDir.resolve("config");
        Path data = runDir.resolve("data");
        Path tmp = runDir.resolve("tmp");
        for (Path dir : List.of(conf, data, logDir, tmp)) {
            Files.createDirectories(dir);
        }
        try (Stream<Path> files = Files.list(home.resolve("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, conf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        int transportPort = Processes.freePort();
        Files.writeString(conf.resolve("elasticsearch.yml"), String.join("\n",
                "cluster.name: dragoman-local",
                "node.name: dragoman-local-1",
                "discovery.type: single-node",
                "xpack.security.enabled: false",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "path.data: " + data,
                "path.logs: " + logDir,
                // a busy developer machine must not flip indices read-only
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: true",
                ""));
        Processes.handOver(runDir);

        ProcessBuilder builder = new ProcessBuilder(Processes.unprivileged(List.of(
                home.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("start.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("ES_JAVA_HOME", javaHome().toString());
        env.put("ES_PATH_CONF", conf.toString());
        env.put("ES_TMPDIR", tmp.toString());
        env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        env.remove("JAVA_HOME");
        Process launcher = builder.start();
        if (launcher.waitFor() != 0) {
            throw new IOException("Elasticsearch did not start:\n" + Processes.tail(runDir.resolve("start.log"), 4000)
                    + Processes.tail(logDir.resolve("dragoman-local.log"), 4000));
        }
        pid = Long.parseLong(Files.readString(pidFile).trim());
        Processes.await("Elasticsearch on " + url(), Duration.ofMinutes(3), this::healthy);
    }

    /** The root endpoint answers 405 on this distribution; cluster health is the reliable probe. */
    public boolean healthy() {
        return Processes.answersOk(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s", Duration.ofSeconds(5));
    }

    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        if (pid > 0) {
            stop(pid);
            pid = -1;
        }
    }

    static void stop(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        handle.ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    /** Elasticsearch 9 needs Java 21 or newer: ES_JAVA_HOME, this JVM, or the newest found under /usr/lib/jvm. */
    static Path javaHome() throws IOException {
        String configured = System.getenv("ES_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> candidates = Files.list(jvms)) {
                Optional<Path> best = candidates
                        .filter(dir -> Files.isExecutable(dir.resolve("bin/java")))
                        .filter(dir -> featureVersion(dir) >= 21)
                        .max(java.util.Comparator.comparingInt(ElasticsearchNode::featureVersion));
                if (best.isPresent()) {
                    return best.get();
                }
            }
        }
        throw new IllegalStateException("Elasticsearch needs Java 21+: set ES_JAVA_HOME "
                + "(e.g. /usr/lib/jvm/temurin-25-jdk-amd64)");
    }

    private static int featureVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not a JDK we can use
        }
        return 0;
    }

    /** The zip Maven resolved, unpacked once into a shared folder that the unprivileged user can read. */
    private static synchronized Path distribution() throws IOException, InterruptedException {
        String version = StackDefaults.get("elasticsearch.version", "9.5.3");
        Path home = Processes.sharedWorkDir().resolve("elasticsearch-" + version);
        if (Files.exists(home.resolve("bin/elasticsearch"))) {
            return home;
        }
        Path zip = Path.of(Optional.ofNullable(System.getenv("DRAGOMAN_ES_ZIP")).orElse(StackDefaults.get("elasticsearch.zip",
                System.getProperty("user.home") + "/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/"
                        + version + "/elasticsearch-" + version + ".zip")));
        if (!Files.exists(zip)) {
            throw new IllegalStateException("Elasticsearch distribution not found at " + zip
                    + ": build the project with Maven first (it resolves the zip)");
        }
        return Processes.unpackOnce(zip, home, "bin/elasticsearch");
    }
}
