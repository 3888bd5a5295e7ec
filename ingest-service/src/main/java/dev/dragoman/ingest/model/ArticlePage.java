package dev.dragoman.ingest.model;

import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One page of articles in a state; nextCursor fetches the next page (null on the last). */
public record ArticlePage(List<Item> items, String nextCursor) {

    /** An article in a list: enough to decide on it, without its text. */
    public record Item(UUID id, ArticleStatus status, String title, String source, int attempts, int retries,
                       String lastError, Instant updatedAt) {

        public static Item of(Article a) {
            return new Item(a.id, a.status, a.title, a.source, a.attempts, a.retries, a.lastError, a.updatedAt);
        }
    }
}
