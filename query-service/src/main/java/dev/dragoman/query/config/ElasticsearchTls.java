package dev.dragoman.query.config;

import io.quarkus.elasticsearch.restclient.lowlevel.ElasticsearchClientConfig;
import jakarta.enterprise.context.Dependent;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClientBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * TLS to Elasticsearch with a cluster-issued certificate (ECK signs its own): when
 * {@code dragoman.query.elasticsearch-ca-file} names a PEM file, the client trusts the authorities in it (and
 * verifies host names as usual); otherwise nothing changes.
 */
@ElasticsearchClientConfig
@Dependent
public class ElasticsearchTls implements RestClientBuilder.HttpClientConfigCallback {

    private final QueryConfig config;

    public ElasticsearchTls(QueryConfig config) {
        this.config = config;
    }

    @Override
    public HttpAsyncClientBuilder customizeHttpClient(HttpAsyncClientBuilder builder) {
        config.elasticsearchCaFile().ifPresent(file -> builder.setSSLContext(trusting(file)));
        return builder;
    }

    /** An SSL context that trusts exactly the certificates of a PEM file. */
    public static SSLContext trusting(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalStateException("no certificate in " + pemFile
                        + " (dragoman.query.elasticsearch-ca-file)");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the Elasticsearch CA " + pemFile
                    + " (dragoman.query.elasticsearch-ca-file): " + e.getMessage(), e);
        }
    }
}
