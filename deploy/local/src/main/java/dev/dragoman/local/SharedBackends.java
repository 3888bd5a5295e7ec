package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The one PostgreSQL and one Elasticsearch of a test run, found or started once per JVM.
 * <ul>
 *   <li>{@code dragoman.stack=local} (default): the backends that the build started (see the state file named by
 *   {@code dragoman.stack.file}); where none runs, for instance a single module run from an IDE, this JVM starts its own.</li>
 *   <li>{@code dragoman.stack=testcontainers}: containers, where a Docker engine exists.</li>
 * </ul>
 * The switch is read from the system property or the environment variable {@code DRAGOMAN_STACK}.
 */
public final class SharedBackends {

    private static Backends backends;

    private SharedBackends() {
    }

    public static synchronized Backends get() {
        if (backends == null) {
            backends = "testcontainers".equals(mode()) ? ContainerBackends.start() : localBackends();
        }
        return backends;
    }

    static String mode() {
        String value = System.getProperty("dragoman.stack", System.getenv().getOrDefault("DRAGOMAN_STACK", "local"));
        return value.toLowerCase(Locale.ROOT);
    }

    private static Backends localBackends() {
        String stateFile = System.getProperty("dragoman.stack.file", System.getenv("DRAGOMAN_STACK_FILE"));
        if (stateFile != null) {
            Path state = Path.of(stateFile);
            Optional<Backends> running = awaitBuildStack(state);
            if (running.isPresent()) {
                LocalBackends.log("using the build's stack: " + running.get().elasticsearchUrl());
                return running.get();
            }
        }
        try {
            LocalBackends started = LocalBackends.start(0, 0, "512m");
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-stack-stop"));
            return started.backends();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local stack: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local stack", e);
        }
    }

    /** Waits for the build's stack while its starter process is alive: it may still be starting. */
    private static Optional<Backends> awaitBuildStack(Path state) {
        Path starting = LocalStackMain.startingMarker(state);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            Optional<Backends> live = Backends.readLive(state);
            if (live.isPresent()) {
                return live;
            }
            if (!starterAlive(starting) || System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static boolean starterAlive(Path starting) {
        try {
            long pid = Long.parseLong(Files.readString(starting).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
