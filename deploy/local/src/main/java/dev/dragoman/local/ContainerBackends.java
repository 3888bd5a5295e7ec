package dev.dragoman.local;

import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Docker path: the same three backends as containers. Used only with dragoman.stack=testcontainers. */
final class ContainerBackends {

    private ContainerBackends() {
    }

    static Backends start() {
        var postgres = new PostgreSQLContainer("postgres:17").withDatabaseName("postgres");
        var elasticsearch = new ElasticsearchContainer(
                "docker.elastic.co/elasticsearch/elasticsearch:" + StackDefaults.get("elasticsearch.version", "9.5.3"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        var keycloak = new org.testcontainers.containers.GenericContainer<>(
                "quay.io/keycloak/keycloak:" + StackDefaults.get("keycloak.version", "26.5.6"))
                .withCommand("start-dev", "--import-realm")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin").withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "local-admin")
                .withEnv("KC_HEALTH_ENABLED", "true")
                .withCopyToContainer(org.testcontainers.utility.MountableFile.forClasspathResource(
                        KeycloakNode.REALM_RESOURCE), "/opt/keycloak/data/import/dragoman-realm.json")
                .withExposedPorts(8080)
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forHttp("/realms/" + KeycloakNode.REALM));
        postgres.start();
        elasticsearch.start();
        keycloak.start();
        // Testcontainers' Ryuk removes both containers when this JVM exits.
        return new Backends(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                "http://" + elasticsearch.getHttpHostAddress(),
                "http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080) + "/realms/" + KeycloakNode.REALM,
                ProcessHandle.current().pid());
    }
}
