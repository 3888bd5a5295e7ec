package dev.dragoman.query.config;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Elasticsearch CA file: a real TLS handshake on loopback with a certificate made by keytool for this test — trusted
 * through the PEM file, refused by the JVM's default trust; a file without a certificate is a clear start-up error.
 */
class ElasticsearchTlsTest {

    @TempDir
    Path dir;

    @Test
    void aServerSignedByTheConfiguredAuthorityIsTrustedAndOthersAreNot() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.crt");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "es", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "es", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", pem.toString());

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
            HttpClient trusting = HttpClient.newBuilder().sslContext(ElasticsearchTls.trusting(pem)).build();
            assertEquals(200, trusting.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode());
            HttpClient plain = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
            assertThrows(SSLHandshakeException.class,
                    () -> plain.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFileWithoutACertificateIsAClearError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.crt"), "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ElasticsearchTls.trusting(empty));
        assertTrue(e.getMessage().contains("dragoman.query.elasticsearch-ca-file"), e.getMessage());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }
}
