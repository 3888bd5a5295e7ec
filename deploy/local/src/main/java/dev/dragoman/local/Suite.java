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
        String database = name.replace('-', '_');
        Map<String, String> common = new HashMap<>(extra);
        common.putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");

        Map<String, String> nlpEnv = new HashMap<>(common);
        // the knowledge base of entities: a schema of its own in the suite's database
        nlpEnv.put("QUARKUS_DATASOURCE_JDBC_URL", backends.database(database));
        nlpEnv.put("QUARKUS_DATASOURCE_USERNAME", backends.postgresUser());
        nlpEnv.put("QUARKUS_DATASOURCE_PASSWORD", backends.postgresPassword());
        Map<String, String> queryEnv = new HashMap<>(common);
        queryEnv.put("QUARKUS_ELASTICSEARCH_HOSTS", backends.elasticsearchHostAndPort());
        queryEnv.put("DRAGOMAN_QUERY_INDEX_PREFIX", "dragoman-" + name);
        Map<String, String> ingestEnv = new HashMap<>(common);
        ingestEnv.put("QUARKUS_DATASOURCE_JDBC_URL", backends.database(database));
        ingestEnv.put("QUARKUS_DATASOURCE_USERNAME", backends.postgresUser());
        ingestEnv.put("QUARKUS_DATASOURCE_PASSWORD", backends.postgresPassword());
        ingestEnv.put("QUARKUS_REST_CLIENT_NLP_URL", "http://127.0.0.1:" + ports.nlp());
        ingestEnv.put("QUARKUS_REST_CLIENT_QUERY_URL", "http://127.0.0.1:" + ports.query());

        ServiceProcess nlp = new ServiceProcess("nlp-service", ServiceProcess.jarOf(projectDir, "nlp-service"),
                ports.nlp(), nlpEnv, logDir.resolve("nlp-service.log"));
        ServiceProcess query = new ServiceProcess("query-service", ServiceProcess.jarOf(projectDir, "query-service"),
                ports.query(), queryEnv, logDir.resolve("query-service.log"));
        ServiceProcess ingest = new ServiceProcess("ingest-service", ServiceProcess.jarOf(projectDir, "ingest-service"),
                ports.ingest(), ingestEnv, logDir.resolve("ingest-service.log"));
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
