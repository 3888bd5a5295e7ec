package dev.dragoman.nlp.model;

import java.time.Instant;
import java.util.List;

/**
 * What the knowledge base learnt or was told in [since, until): the names (lookup keys) that gained an entity, were
 * curated or removed, and the entities they name or that were merged. Articles that mention one of these may link
 * differently now; ask again with {@code since = until}.
 */
public record KbChanges(Instant since, Instant until, List<String> entityIds, List<String> names) {
}
