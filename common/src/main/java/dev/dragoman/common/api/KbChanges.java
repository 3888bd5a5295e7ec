package dev.dragoman.common.api;

import java.time.Instant;
import java.util.List;

/**
 * What nlp-service's knowledge base learnt or was told in [since, until): the names (lookup keys) that gained an
 * entity, were curated or removed, the entities they name or that were merged, and the articles that used one of
 * those names. Articles that mention one of these may link differently now (ingest-service's KbChangeFollower tags
 * them again); ask again with {@code since = until}.
 */
public record KbChanges(Instant since, Instant until, List<String> entityIds, List<String> names,
                        List<ArticleNames> articles) {

    /**
     * An article (the id given to annotate; a long article's pieces as {@code <id>:<n>}) and which of the changed
     * names it used.
     */
    public record ArticleNames(String articleId, List<String> names) {
    }
}
