package dev.dragoman.common.net;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request to a {@link AddressGuard.Target}, connecting to exactly the address the guard checked (Vert.x'
 * {@code RequestOptions.setServer}): the host name is used for the Host header, TLS SNI and certificate
 * verification, never resolved again. Redirects are never followed: a 3xx is an answer like any other, and a
 * caller that wanted to follow it would have to check the new URL first ({@link #get(AddressGuard, String, Map,
 * Limits)} does so, hop by hop). Blocking: call it from a worker thread.
 */
public final class PinnedHttpClient implements AutoCloseable {

    private final HttpClient client;
    private final Duration connectTimeout;

    public PinnedHttpClient(Vertx vertx, Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setVerifyHost(true).setForceSni(true).setKeepAlive(false).setMaxRedirects(0)
                // gzip/deflate offered and undone here, so size caps apply to the decompressed bytes
                .setDecompressionSupported(true));
    }

    /** Bounds of one GET: redirects followed (each hop checked again), bytes read (decompressed), time per hop. */
    public record Limits(int maxRedirects, long maxBytes, Duration timeout) {
    }

    /**
     * An answer: the URL that gave it (after redirects), its status, its headers (names in lower case, first value)
     * and its body (empty for a 304).
     */
    public record Response(String url, int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer larger than {@link Limits#maxBytes()}: reading stopped there and the connection was closed. */
    public static final class TooLarge extends IOException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /**
     * GETs a URL, following redirects only after the guard has checked each new location (a redirect to a refused
     * address throws {@link AddressGuard.Refused} before any connection to it), at most {@code maxRedirects} hops;
     * every connection goes to the address just checked. A 3xx beyond the limit is returned as it is.
     */
    public Response get(AddressGuard guard, String url, Map<String, String> headers, Limits limits) throws IOException {
        String current = url;
        for (int hop = 0; ; hop++) {
            AddressGuard.Target target = guard.check(current);
            Response response = get(target, headers, limits.maxBytes(), limits.timeout());
            String location = response.header("location");
            if (response.status() / 100 != 3 || response.status() == 304 || location == null
                    || hop >= limits.maxRedirects()) {
                return response;
            }
            try {
                current = target.uri().resolve(location.strip()).toString();
            } catch (IllegalArgumentException e) {
                throw new AddressGuard.Refused("the redirect's location is not a valid URL");
            }
        }
    }

    /** One GET to a checked target, no redirect followed; the body is read up to {@code maxBytes}. */
    public Response get(AddressGuard.Target target, Map<String, String> headers, long maxBytes, Duration timeout)
            throws IOException {
        RequestOptions options = options(HttpMethod.GET, target, timeout);
        headers.forEach(options::addHeader);
        CompletableFuture<Response> answer = new CompletableFuture<>();
        exchange(options, null, answer, response -> {
            Map<String, String> names = new TreeMap<>();
            response.headers().forEach(e -> names.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            response.handler(chunk -> {
                if (answer.isDone()) {
                    return;
                }
                if (body.size() + chunk.length() > maxBytes) {
                    answer.completeExceptionally(new TooLarge("the answer is larger than " + maxBytes + " bytes"));
                    response.request().reset();
                    return;
                }
                body.writeBytes(chunk.getBytes());
            });
            response.exceptionHandler(answer::completeExceptionally);
            response.endHandler(ignored -> answer.complete(new Response(target.uri().toString(),
                    response.statusCode(), names, body.toByteArray())));
        });
        return await(answer, timeout);
    }

    /** The status of the answer; its body is read and dropped (never shown to whoever configured the URL). */
    public int post(AddressGuard.Target target, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        RequestOptions options = options(HttpMethod.POST, target, timeout);
        headers.forEach(options::addHeader);
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        exchange(options, Buffer.buffer(body), answer, response -> {
            response.handler(chunk -> {
                // read and dropped
            });
            response.exceptionHandler(answer::completeExceptionally);
            response.endHandler(ignored -> answer.complete(response.statusCode()));
        });
        return await(answer, timeout);
    }

    /**
     * Sends the request (with {@code body}, or none) and hands its answer to {@code onAnswer} in the callback that
     * hands it over, on the event loop, before any of its body is read; a failure to connect or send fails
     * {@code answer}. The answer's handlers must be set there: a listener added to a future that has already completed
     * runs later (on the calling thread, or in a later event-loop task), when a small answer may have ended already;
     * then setting a handler throws (IllegalStateException) or waiting for its body waits for an end that has passed,
     * and the call runs into its timeout with the answer lost. Chaining {@code send} and {@code body} left that window
     * open between the request being sent and the next listener being added.
     */
    private void exchange(RequestOptions options, Buffer body, CompletableFuture<?> answer,
                          java.util.function.Consumer<io.vertx.core.http.HttpClientResponse> onAnswer) {
        client.request(options).onFailure(answer::completeExceptionally).onSuccess(request -> {
            request.response().onFailure(answer::completeExceptionally).onSuccess(onAnswer::accept);
            (body == null ? request.end() : request.end(body)).onFailure(answer::completeExceptionally);
        });
    }

    private RequestOptions options(HttpMethod method, AddressGuard.Target target, Duration timeout) {
        return new RequestOptions().setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
                .setFollowRedirects(false).setConnectTimeout(connectTimeout.toMillis()).setTimeout(timeout.toMillis());
    }

    private <T> T await(CompletableFuture<T> answer, Duration timeout) throws IOException {
        try {
            return answer.get(connectTimeout.plus(timeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TooLarge tooLarge) {
                throw tooLarge;
            }
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
