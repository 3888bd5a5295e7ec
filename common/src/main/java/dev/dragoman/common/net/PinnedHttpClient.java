package dev.dragoman.common.net;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request to a {@link AddressGuard.Target}, connecting to exactly the address the guard checked (Vert.x'
 * {@code RequestOptions.setServer}): the host name is used for the Host header, TLS SNI and certificate
 * verification, never resolved again. Redirects are never followed: a 3xx is an answer like any other, and a
 * caller that wanted to follow it would have to check the new URL first. Blocking: call it from a worker thread.
 */
public final class PinnedHttpClient implements AutoCloseable {

    private final HttpClient client;
    private final Duration connectTimeout;

    public PinnedHttpClient(Vertx vertx, Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setVerifyHost(true).setForceSni(true).setKeepAlive(false).setMaxRedirects(0));
    }

    /** The status of the answer; its body is read and dropped (never shown to whoever configured the URL). */
    public int post(AddressGuard.Target target, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
                .setFollowRedirects(false).setConnectTimeout(connectTimeout.toMillis()).setTimeout(timeout.toMillis());
        headers.forEach(options::addHeader);
        try {
            return client.request(options)
                    .compose(request -> request.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture()
                    .get(connectTimeout.plus(timeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
