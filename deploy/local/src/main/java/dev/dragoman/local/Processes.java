package dev.dragoman.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small process helpers shared by the PostgreSQL and Elasticsearch launchers. */
final class Processes {

    /** PostgreSQL and Elasticsearch both refuse to run as root; when we are root they run as "nobody". */
    static final int UNPRIVILEGED_ID = 65534;

    private Processes() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, wrapped so that it drops root privileges when we have them. */
    static List<String> unprivileged(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID,
                "--regid=" + UNPRIVILEGED_ID, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a directory tree to the unprivileged user when we are root, so that the server can write there. */
    static void handOver(Path dir) throws IOException, InterruptedException {
        if (isRoot()) {
            run(List.of("chown", "-R", UNPRIVILEGED_ID + ":" + UNPRIVILEGED_ID, dir.toString()), null, Duration.ofMinutes(2));
        }
    }

    /** Runs a command to completion; its output goes to the log file (or is discarded) and a failure throws. */
    static void run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out after " + timeout + ": " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            String tail = log != null && Files.exists(log) ? tail(log, 4000) : "";
            throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + tail);
        }
    }

    static String tail(Path file, int chars) {
        try {
            String text = Files.readString(file);
            return text.length() <= chars ? text : text.substring(text.length() - chars);
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** True when GET url answers 200 within the timeout; any failure to connect is just "not yet". */
    static boolean answersOk(String url, Duration timeout) {
        try {
            var response = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(timeout)
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready within " + timeout);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A directory every process user can reach: /root is not traversable by "nobody". */
    static Path sharedWorkDir() throws IOException {
        Path dir = Path.of(System.getProperty("dragoman.stack.work-dir",
                System.getProperty("java.io.tmpdir") + "/dragoman-stack"));
        Files.createDirectories(dir);
        dir.toFile().setExecutable(true, false);
        dir.toFile().setReadable(true, false);
        return dir;
    }

    /**
     * A distribution zip (one top folder) unpacked once into {@code home}, readable by every user, its bin/ scripts
     * executable; the unpacking happens in a staging folder and is moved in whole, so a concurrent process sees either
     * nothing or all of it ({@code marker}: a file that exists once unpacked).
     */
    static synchronized Path unpackOnce(Path zip, Path home, String marker) throws IOException, InterruptedException {
        if (Files.exists(home.resolve(marker))) {
            return home;
        }
        Path staging = Files.createTempDirectory(sharedWorkDir(), home.getFileName() + "-unpack");
        Path top = null;
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("zip entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(new java.io.FilterInputStream(in) {
                        @Override
                        public void close() {
                            // one entry read; the zip stream stays open
                        }
                    }, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                if (top == null) {
                    top = staging.resolve(staging.relativize(target).getName(0));
                }
            }
        }
        if (top == null) {
            throw new IOException("empty zip: " + zip);
        }
        run(List.of("chmod", "-R", "a+rX", top.toString()), null, Duration.ofMinutes(1));
        run(List.of("sh", "-c", "chmod a+x '" + top + "'/bin/*"), null, Duration.ofMinutes(1));
        try {
            Files.move(top, home, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            // another process unpacked it first
        }
        deleteTree(staging);
        return home;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover folder in the temp directory harms nothing
        }
    }
}
