package dev.dragoman.ingest.service;

import dev.dragoman.ingest.config.IngestConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * What happens to the database schema when the service starts, besides Quarkus' own migrate-at-start:
 * <ul>
 * <li>dragoman.ingest.migrate-only=true (the Helm chart's pre-install/pre-upgrade Job): migrate, then exit 0, or 1
 * when migrating failed, without serving. Migrating here too makes the Job independent of migrate-at-start: Flyway
 * applies only what is pending, so a second call is a no-op.</li>
 * <li>quarkus.flyway.migrate-at-start=false (the replicas of a deployment): validate only, and refuse to start on a
 * schema with pending or altered migrations, rather than serve on a schema the Job has not brought up to date.
 * (Quarkus' own validate-at-start would also run before a migrate-only Job's migration, so it stays off.)</li>
 * </ul>
 */
@ApplicationScoped
public class SchemaAtStartup {

    private static final Logger LOG = Logger.getLogger(SchemaAtStartup.class);

    private final IngestConfig config;
    private final boolean migrateAtStart;
    private final Instance<Flyway> flyway;

    public SchemaAtStartup(IngestConfig config,
                           @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migrateAtStart,
                           Instance<Flyway> flyway) {
        this.config = config;
        this.migrateAtStart = migrateAtStart;
        this.flyway = flyway;
    }

    void onStart(@Observes StartupEvent start) {
        if (config.migrateOnly()) {
            migrateAndExit();
        } else if (!migrateAtStart) {
            // Throwing here fails the start: the pod never becomes ready and the rollout stops.
            flyway.get().validate();
            LOG.infof("schema at version %s, as this release expects (not migrated at start)", currentVersion());
        }
    }

    private void migrateAndExit() {
        try {
            MigrateResult result = flyway.get().migrate();
            LOG.infof("migrate-only: schema at version %s (%d migrations applied now); exiting",
                    currentVersion(), result.migrationsExecuted);
            Quarkus.asyncExit(0);
        } catch (RuntimeException e) {
            LOG.error("migrate-only: migrating the schema failed; exiting", e);
            Quarkus.asyncExit(1);
        }
    }

    private String currentVersion() {
        MigrationInfo current = flyway.get().info().current();
        return current == null ? "none" : current.getVersion().toString();
    }
}
