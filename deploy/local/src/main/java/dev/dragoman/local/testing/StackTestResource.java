package dev.dragoman.local.testing;

import dev.dragoman.local.Backends;
import dev.dragoman.local.SharedBackends;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the run's real PostgreSQL, Elasticsearch and Keycloak (always).
 * Init args: {@code database} (a database of its own on the shared server) and {@code elasticsearch=true}.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        Backends backends = SharedBackends.get();
        Map<String, String> config = new HashMap<>();
        // every service checks tokens against the run's Keycloak (ingest-service also gets its own from it)
        config.put("quarkus.oidc.auth-server-url", backends.keycloakIssuer());
        String database = args.get("database");
        if (database != null) {
            config.put("quarkus.datasource.jdbc.url", backends.database(database));
            config.put("quarkus.datasource.username", backends.postgresUser());
            config.put("quarkus.datasource.password", backends.postgresPassword());
        }
        if (Boolean.parseBoolean(args.getOrDefault("elasticsearch", "false"))) {
            config.put("quarkus.elasticsearch.hosts", backends.elasticsearchHostAndPort());
        }
        return config;
    }

    @Override
    public void stop() {
        // the backends outlive the test class: they belong to the whole run
    }
}
