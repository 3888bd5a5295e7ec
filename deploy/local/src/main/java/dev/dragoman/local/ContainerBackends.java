package dev.dragoman.local;

import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Docker path: the same two backends as containers. Used only with dragoman.stack=testcontainers. */
final class ContainerBackends {

    private ContainerBackends() {
    }

    static Backends start() {
        var postgres = new PostgreSQLContainer("postgres:17").withDatabaseName("postgres");
        var elasticsearch = new ElasticsearchContainer(
                "docker.elastic.co/elasticsearch/elasticsearch:" + StackDefaults.get("elasticsearch.version", "9.5.3"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        postgres.start();
        elasticsearch.start();
        // Testcontainers' Ryuk removes both containers when this JVM exits.
        return new Backends(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                "http://" + elasticsearch.getHttpHostAddress(), ProcessHandle.current().pid());
    }
}
