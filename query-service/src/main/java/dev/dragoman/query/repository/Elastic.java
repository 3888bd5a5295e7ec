package dev.dragoman.query.repository;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one translation of Elasticsearch transport failures: an IOException of the client becomes the unchecked
 * "Elasticsearch unreachable" that {@code rest.BackendProblems} answers as a 503 problem with Retry-After.
 */
public final class Elastic {

    /** A call to the Elasticsearch client. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    private Elastic() {
    }

    /** The client's answer, or {@link #unreachable} when Elasticsearch cannot be reached. */
    public static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    public static UncheckedIOException unreachable(IOException e) {
        return new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
    }
}
