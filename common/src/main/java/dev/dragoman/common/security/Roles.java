package dev.dragoman.common.security;

/**
 * The roles of every Dragoman API (one table of who may call what: docs/api/access.csv, checked by AccessTableTest).
 * People: reader (query API, export, reading state), writer (submit articles, batches, sources), curator
 * (knowledge-base curation, reannotate, retry), admin (everything people may do, other users' saved searches
 * included). Services, by their own client-credentials tokens: indexer (query-service's internal indexing: only
 * ingest-service) and annotator (nlp-service's annotate, which teaches the knowledge base: only ingest-service).
 */
public final class Roles {

    public static final String READER = "reader";
    public static final String WRITER = "writer";
    public static final String CURATOR = "curator";
    public static final String ADMIN = "admin";
    public static final String INDEXER = "indexer";
    public static final String ANNOTATOR = "annotator";

    private Roles() {
    }
}
