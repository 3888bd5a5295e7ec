package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three Dragoman services started against one set of backends, wired to each other the way the Helm chart wires
 * them: through the same configuration keys, given as environment variables.
 */
public final class Suite implements AutoCloseable {

    public record Ports(int ingest, int nlp, int query) {
        public static final Ports DEFAULT = new Ports(8081, 8082, 8083);

        public static Ports free() {
            return new Ports(Processes.freePort(), Processes.freePort(), Processes.freePort());
        }
    }

    private final ServiceProcess nlp;
    private final ServiceProcess query;
    private final ServiceProcess ingest;

    private Suite(ServiceProcess nlp, ServiceProcess query, ServiceProcess ingest) {
        this.nlp = nlp;
        this.query = query;
        this.ingest = ingest;
    }

    /**
     * @param name    names this suite's database and index prefix, so several suites can share the backends
     * @param extra   further configuration for every service (e.g. faster retry timings in tests)
     */
    public static Suite start(Path projectDir, Backends backends, Ports ports, String name, Path logDir,
                              Map<String, String> extra) throws IOException {
        Map<String, String> common = commonEnvironment(extra);
        ServiceProcess nlp = service(projectDir, "nlp-service", ports.nlp(), nlpEnvironment(backends, name, common),
                logDir.resolve("nlp-service.log"));
        ServiceProcess query = service(projectDir, "query-service", ports.query(),
                queryEnvironment(backends, name, common), logDir.resolve("query-service.log"));
        ServiceProcess ingest = service(projectDir, "ingest-service", ports.ingest(),
                ingestEnvironment(backends, name, ports.nlp(), ports.query(), common),
                logDir.resolve("ingest-service.log"));
        Suite suite = new Suite(nlp, query, ingest);
        try {
            // started one after the other: on two cores, parallel JVM start-ups only slow each other down
            for (ServiceProcess service : List.of(nlp, query, ingest)) {
                service.start(Duration.ofMinutes(3));
                LocalBackends.log(service.name() + " ready at " + service.url());
            }
        } catch (IOException | RuntimeException e) {
            suite.close();
            throw e;
        }
        return suite;
    }

    /** What every service of a suite gets: {@code extra}, and plain (not JSON) log lines. */
    public static Map<String, String> commonEnvironment(Map<String, String> extra) {
        Map<String, String> common = new HashMap<>(extra);
        common.putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        return common;
    }

    /** nlp-service's configuration: the knowledge base of entities in a schema of its own in the suite's database. */
    public static Map<String, String> nlpEnvironment(Backends backends, String name, Map<String, String> common) {
        Map<String, String> env = new HashMap<>(common);
        putDatabase(env, backends, name);
        putIssuer(env, backends);
        return env;
    }

    /** query-service's configuration: Elasticsearch, with the suite's index prefix. */
    public static Map<String, String> queryEnvironment(Backends backends, String name, Map<String, String> common) {
        Map<String, String> env = new HashMap<>(common);
        putIssuer(env, backends);
        env.put("QUARKUS_ELASTICSEARCH_HOSTS", backends.elasticsearchHostAndPort());
        env.put("DRAGOMAN_QUERY_INDEX_PREFIX", "dragoman-" + name);
        return env;
    }

    /** ingest-service's configuration: the suite's database, and the nlp-service and query-service it calls. */
    public static Map<String, String> ingestEnvironment(Backends backends, String name, int nlpPort, int queryPort,
                                                        Map<String, String> common) {
        Map<String, String> env = new HashMap<>(common);
        putDatabase(env, backends, name);
        putIssuer(env, backends);
        // ingest-service's own identity in the local realm (a deployment takes it from a Secret)
        env.put("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", Tokens.serviceSecret("ingest-service"));
        env.put("QUARKUS_REST_CLIENT_NLP_URL", "http://127.0.0.1:" + nlpPort);
        env.put("QUARKUS_REST_CLIENT_QUERY_URL", "http://127.0.0.1:" + queryPort);
        return env;
    }

    /** A packaged service ({@code module}: ingest-service, nlp-service, query-service), not started yet. */
    public static ServiceProcess service(Path projectDir, String module, int port, Map<String, String> env, Path log) {
        return new ServiceProcess(module, ServiceProcess.jarOf(projectDir, module), port, env, log);
    }

    /** Tokens are checked against (and ingest-service's own taken from) the stack's Keycloak. */
    private static void putIssuer(Map<String, String> env, Backends backends) {
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", backends.keycloakIssuer());
    }

    private static void putDatabase(Map<String, String> env, Backends backends, String name) {
        env.put("QUARKUS_DATASOURCE_JDBC_URL", backends.database(name.replace('-', '_')));
        env.put("QUARKUS_DATASOURCE_USERNAME", backends.postgresUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", backends.postgresPassword());
    }

    public ServiceProcess nlp() {
        return nlp;
    }

    public ServiceProcess query() {
        return query;
    }

    public ServiceProcess ingest() {
        return ingest;
    }

    @Override
    public void close() {
        ingest.close();
        query.close();
        nlp.close();
    }
}
