package dev.dragoman.query.config;

/** Names of the service's caches: who fills one (query code) and who empties it (indexing) share only the name. */
public final class Caches {

    /** Entity co-occurrence answers (quarkus.cache.caffeine."cooccurrences" in application.properties): emptied by every indexing call. */
    public static final String COOCCURRENCES = "cooccurrences";

    private Caches() {
    }
}
