package dev.dragoman.common.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For native builds: the contract types are (de)serialised by Jackson outside REST signatures too (the jsonb column
 * of ingest-service, Elasticsearch documents of query-service), where Quarkus cannot see them, so they are
 * registered for reflection here, in one place, nested types included.
 */
@RegisterForReflection(targets = {AnnotateRequest.class, Annotation.class, ArticleDocument.class, BulkResult.class, DateMention.class,
        EntityMention.class, EntityType.class, Event.class, Quote.class}, ignoreNested = false)
public final class ApiReflection {

    private ApiReflection() {
    }
}
