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

    /** One or more calls to the Elasticsearch client that return nothing to the caller. */
    @FunctionalInterface
    public interface Calls {
        void run() throws IOException;
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

    /** Runs the calls, or throws {@link #unreachable} when Elasticsearch cannot be reached. */
    public static void run(Calls calls) {
        call(() -> {
            calls.run();
            return null;
        });
    }

    /**
     * Reads the documents a query selects ({@code null}: all) page by page in id order (search_after on the {@code id}
     * field), with only {@code fields} of their source when given, and hands each page to {@code page} until it
     * answers false; true when every page was read.
     */
    public static <T> boolean walk(co.elastic.clients.elasticsearch.ElasticsearchClient client, String index,
                                   co.elastic.clients.elasticsearch._types.query_dsl.Query query,
                                   java.util.List<String> fields, Class<T> type, int size,
                                   java.util.function.Predicate<java.util.List<co.elastic.clients.elasticsearch.core.search.Hit<T>>> page) {
        return walk(client, index, query, size, type, s -> {
            if (fields != null) {
                s.source(src -> src.filter(f -> f.includes(fields)));
            }
        }, page);
    }

    /**
     * The same walk reading only these fields' doc values ({@code Hit.fields()}): no stored field of a hit is read,
     * neither its source (an article's is its whole body and annotation) nor its {@code _id}.
     */
    public static boolean walkDocValues(co.elastic.clients.elasticsearch.ElasticsearchClient client, String index,
                                        co.elastic.clients.elasticsearch._types.query_dsl.Query query,
                                        java.util.List<String> fields, int size,
                                        java.util.function.Predicate<java.util.List<co.elastic.clients.elasticsearch.core.search.Hit<Void>>> page) {
        return walk(client, index, query, size, Void.class, s -> s.source(src -> src.fetch(false))
                .storedFields(NO_STORED_FIELDS).docvalueFields(docValues(fields)), page);
    }

    /** {@code stored_fields}: none, so that a hit's stored fields are not read at all. */
    public static final String NO_STORED_FIELDS = "_none_";

    /** Doc value fields, dates as {@code strict_date_time} (what {@code OffsetDateTime.parse} reads). */
    public static java.util.List<co.elastic.clients.elasticsearch._types.query_dsl.FieldAndFormat> docValues(
            java.util.List<String> fields) {
        return fields.stream().map(field -> co.elastic.clients.elasticsearch._types.query_dsl.FieldAndFormat.of(f -> {
            f.field(field);
            return DATE_FIELDS.contains(field) ? f.format("strict_date_time") : f;
        })).toList();
    }

    private static final java.util.Set<String> DATE_FIELDS = java.util.Set.of("publishedAt", "indexedAt");

    private static <T> boolean walk(co.elastic.clients.elasticsearch.ElasticsearchClient client, String index,
                                    co.elastic.clients.elasticsearch._types.query_dsl.Query query, int size,
                                    Class<T> type,
                                    java.util.function.Consumer<co.elastic.clients.elasticsearch.core.SearchRequest.Builder> fetch,
                                    java.util.function.Predicate<java.util.List<co.elastic.clients.elasticsearch.core.search.Hit<T>>> page) {
        java.util.List<co.elastic.clients.elasticsearch._types.FieldValue> after = null;
        while (true) {
            java.util.List<co.elastic.clients.elasticsearch._types.FieldValue> cursor = after;
            var response = call(() -> client.search(s -> {
                s.index(index).size(size).sort(o -> o.field(f -> f.field("id")));
                if (query != null) {
                    s.query(query);
                }
                fetch.accept(s);
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
            }, type));
            var hits = response.hits().hits();
            if (!hits.isEmpty() && !page.test(hits)) {
                return false;
            }
            if (hits.size() < size) {
                return true;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /**
     * Creates a small index of the service's own (saved searches, leases, deliveries) with its mapping unless it
     * exists; a replica racing another to create it is fine.
     */
    public static void createIfMissing(co.elastic.clients.elasticsearch.ElasticsearchClient client, String index,
                                       String mapping) throws IOException {
        if (!client.indices().exists(e -> e.index(index)).value()) {
            try {
                client.indices().create(c -> c.index(index).mappings(m -> m.withJson(new java.io.StringReader(mapping))));
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
    }

    /**
     * The refresh of writes, from dragoman.query.refresh: false (visible within the index's refresh interval),
     * true (visible at once: tests), anything else wait_for.
     */
    public static co.elastic.clients.elasticsearch._types.Refresh refresh(String setting) {
        return switch (setting.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> co.elastic.clients.elasticsearch._types.Refresh.True;
            case "false" -> co.elastic.clients.elasticsearch._types.Refresh.False;
            default -> co.elastic.clients.elasticsearch._types.Refresh.WaitFor;
        };
    }

    public static UncheckedIOException unreachable(IOException e) {
        return new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
    }
}
