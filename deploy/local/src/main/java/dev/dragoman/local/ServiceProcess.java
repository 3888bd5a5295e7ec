package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child process. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    /**
     * @param environment configuration as environment variables, exactly as a container would get it
     *                    (QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REST_CLIENT_NLP_URL, ...)
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** The runnable jar of a service module after {@code mvn package}. */
    public static Path jarOf(Path projectDir, String module) {
        Path jar = projectDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the project first (./mvnw package)");
        }
        return jar;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The service's process id, or -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized ServiceProcess start(Duration timeout) throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + environment.getOrDefault("DRAGOMAN_HEAP", "384m"),
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ":\n" + Processes.tail(log, 6000));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IOException(name + " not ready within " + timeout + ":\n" + Processes.tail(log, 6000));
            }
            sleep(300);
        }
        return this;
    }

    /** Ready means the service's own readiness checks pass (database, Elasticsearch, ...). */
    public boolean ready() {
        return Processes.answersOk(url() + "/q/health/ready", Duration.ofSeconds(3));
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the service at once (SIGKILL): no shutdown hook runs, as when a node dies. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the service the way Kubernetes does: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
