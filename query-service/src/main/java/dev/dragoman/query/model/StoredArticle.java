package dev.dragoman.query.model;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.Event;
import dev.dragoman.common.api.Quote;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** An article as it is stored in the Elasticsearch articles index (field names follow the index mapping). */
public record StoredArticle(
        String id,
        String title,
        String body,
        OffsetDateTime publishedAt,
        String source,
        String url,
        String dateline,
        String language,
        List<String> entityIds,
        String storyId,
        List<StoredEntity> entities,
        List<LocalDate> mentionedDates,
        List<Quote> quotes,
        List<Event> events,
        Annotation annotation,
        Instant indexedAt) {

    /** The same article placed in a story (see StoryService). */
    public StoredArticle withStory(String story) {
        return new StoredArticle(id, title, body, publishedAt, source, url, dateline, language, entityIds, story, entities,
                mentionedDates, quotes, events, annotation, indexedAt);
    }

    /** One distinct entity of the article, with every surface form it took there. */
    public record StoredEntity(String id, String name, String type, List<String> aliases, int mentions) {
    }
}
