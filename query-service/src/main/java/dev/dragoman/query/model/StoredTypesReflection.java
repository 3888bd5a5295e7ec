package dev.dragoman.query.model;

import dev.dragoman.query.service.StoryService;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For native builds: types the Elasticsearch client and the alert webhook (de)serialise with Jackson outside REST
 * signatures, registered for reflection with their nested types.
 */
@RegisterForReflection(targets = {StoredArticle.class, SavedSearch.class, SearchPage.class, StoryService.StoryRef.class,
        dev.dragoman.query.service.IndexMigration.Mark.class},
        ignoreNested = false)
public final class StoredTypesReflection {

    private StoredTypesReflection() {
    }
}
