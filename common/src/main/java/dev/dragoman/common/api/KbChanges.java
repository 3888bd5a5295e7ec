package dev.dragoman.common.api;

import java.time.Instant;
import java.util.List;

/**
 * What nlp-service's knowledge base learnt or was told in [since, until): the names (lookup keys) that gained an
 * entity, were curated or removed, and the entities they name or that were merged ({@code entityIds}); the entities
 * merged away ({@code mergedIds}: every article that mentions one links to another entity now); and the articles
 * that used a changed name for another entity than the one it gained (or for the entity a curator took it from), which
 * may link it differently now. ingest-service's KbChangeFollower tags those articles again; ask again with
 * {@code since = until}.
 */
public record KbChanges(Instant since, Instant until, List<String> entityIds, List<String> names,
                        List<String> mergedIds, List<ArticleNames> articles) {

    /**
     * An article (the id given to annotate; a long article's pieces as {@code <id>:<n>}) and which of the changed
     * names it used.
     */
    public record ArticleNames(String articleId, List<String> names) {
    }
}
