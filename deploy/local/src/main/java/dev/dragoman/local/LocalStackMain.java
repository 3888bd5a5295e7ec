package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;

/**
 * Command line of the local stack.
 * <pre>
 *   backends --state-file FILE [--watch-pid parent|PID]   PostgreSQL + Elasticsearch for a test run
 *   up [--project-dir DIR] [FOLDER|FILE ...]              PostgreSQL + Elasticsearch + the three services,
 *                                                         then loads the given article folders; Ctrl-C stops all
 * </pre>
 * Ports for {@code up}: DRAGOMAN_PG_PORT (15432), DRAGOMAN_ES_PORT (9200), 8081 ingest, 8082 nlp, 8083 query.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        switch (args[0]) {
            case "backends" -> backends(option(rest, "--state-file", null), option(rest, "--watch-pid", null));
            case "up" -> up(Path.of(option(rest, "--project-dir", ".")).toAbsolutePath().normalize(), rest);
            case "token" -> token(rest);
            default -> usage();
        }
    }

    static Path startingMarker(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".starting");
    }

    private static void backends(String stateFileName, String watchPid) throws Exception {
        if (stateFileName == null) {
            throw new IllegalArgumentException("backends needs --state-file");
        }
        Path stateFile = Path.of(stateFileName).toAbsolutePath();
        Path starting = startingMarker(stateFile);
        // the process whose end stops the stack: resolved now, before the (slow) start, while it is still our parent — once it
        // is gone, parent() would name init and the stack would never stop
        java.util.Optional<ProcessHandle> watched = watchedProcess(watchPid);
        Files.createDirectories(stateFile.getParent());
        Files.deleteIfExists(stateFile);
        Files.writeString(starting, Long.toString(ProcessHandle.current().pid()));
        CountDownLatch stop = new CountDownLatch(1);
        LocalBackends stack;
        try {
            stack = LocalBackends.start(0, 0, System.getProperty("dragoman.stack.es-heap", "768m"));
        } catch (Exception e) {
            Files.deleteIfExists(starting);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException ignored) {
                // the owner pid in it is dead anyway, so readers ignore it
            }
            stack.close();
            stop.countDown();
        }, "local-stack-stop"));
        stack.backends().write(stateFile);
        // only now: a test that finds neither the marker nor the state starts a stack of its own
        Files.deleteIfExists(starting);
        LocalBackends.log("state written to " + stateFile);
        watched.ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        stop.await();
    }

    private static java.util.Optional<ProcessHandle> watchedProcess(String watchPid) {
        if (watchPid == null) {
            return java.util.Optional.empty();
        }
        return "parent".equals(watchPid) ? ProcessHandle.current().parent()
                : ProcessHandle.of(Long.parseLong(watchPid));
    }

    private static void up(Path projectDir, List<String> inputs) throws Exception {
        int pgPort = Integer.parseInt(System.getenv().getOrDefault("DRAGOMAN_PG_PORT", "15432"));
        int esPort = Integer.parseInt(System.getenv().getOrDefault("DRAGOMAN_ES_PORT", "9200"));
        LocalBackends stack = LocalBackends.start(pgPort, esPort, System.getenv().getOrDefault("DRAGOMAN_ES_HEAP", "1g"),
                keycloakPort());
        Suite suite;
        try {
            suite = Suite.start(projectDir, stack.backends(), Suite.Ports.DEFAULT, "local",
                    projectDir.resolve("target/local-stack/logs"), Map.of());
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            suite.close();
            stack.close();
            stop.countDown();
        }, "local-stack-stop"));

        Tokens tokens = stack.backends().tokens();
        ArticleLoader loader = new ArticleLoader(suite.ingest().url(), () -> "Bearer " + tokens.user("writer"));
        for (String input : inputs) {
            Path path = Path.of(input);
            List<ArticleLoader.Result> results = Files.isDirectory(path) ? loader.loadFolder(path)
                    : List.of(loader.load(path));
            for (ArticleLoader.Result result : results) {
                LocalBackends.log("loaded " + result.file() + " -> " + result.status() + " " + result.summary());
            }
        }
        if (!inputs.isEmpty()) {
            loader.followPipeline(Duration.ofHours(6));
        }
        System.out.printf("""

                Dragoman is up (Ctrl-C stops everything):
                  ingest-service  %s   (Swagger UI: %s/q/swagger-ui)
                  nlp-service     %s
                  query-service   %s   e.g. curl '%s/api/v1/search?q=Istanbul'
                  PostgreSQL      127.0.0.1:%d (user postgres, database local)
                  Elasticsearch   %s
                  Keycloak        %s   (realm dragoman; users reader, writer, curator, admin)
                  a token         TOKEN=$(deploy/local/dragoman token reader)
                                  curl -H "Authorization: Bearer $TOKEN" '%s/api/v1/search?q=Istanbul'
                  logs            %s
                %n""", suite.ingest().url(), suite.ingest().url(), suite.nlp().url(), suite.query().url(),
                suite.query().url(), stack.postgres().port(), stack.elasticsearch().url(), stack.keycloak().issuer(),
                suite.query().url(), projectDir.resolve("target/local-stack/logs"));
        stop.await();
    }

    /** Keycloak's port in the local stack: DRAGOMAN_KEYCLOAK_PORT, 8180 by default. */
    private static int keycloakPort() {
        return Integer.parseInt(System.getenv().getOrDefault("DRAGOMAN_KEYCLOAK_PORT", "8180"));
    }

    /** Prints an access token of the running local stack's realm: a user's (reader, writer, …) or a service's. */
    private static void token(List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("token needs one of " + Tokens.USERS + " or " + Tokens.SERVICES);
        }
        String who = args.get(0);
        Tokens tokens = new Tokens("http://127.0.0.1:" + keycloakPort() + "/realms/" + KeycloakNode.REALM);
        if (Tokens.SERVICES.contains(who)) {
            System.out.println(tokens.service(who));
        } else if (Tokens.USERS.contains(who)) {
            System.out.println(tokens.user(who));
        } else {
            throw new IllegalArgumentException("unknown user or service '" + who + "': one of " + Tokens.USERS
                    + " or " + Tokens.SERVICES);
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int index = args.indexOf(name);
        if (index < 0) {
            return fallback;
        }
        if (index + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(index + 1);
        args.remove(index + 1);
        args.remove(index);
        return value;
    }

    private static void usage() {
        System.out.println("usage: LocalStackMain backends --state-file FILE [--watch-pid parent|PID]\n"
                + "       LocalStackMain up [--project-dir DIR] [FOLDER|FILE ...]\n"
                + "       LocalStackMain token reader|reader2|writer|curator|admin|ingest-service|nlp-service|query-service");
    }
}
