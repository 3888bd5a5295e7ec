package dev.dragoman.query.model;

import java.time.OffsetDateTime;
import java.util.List;

/** Stories (articles about the same event, near-duplicates included), largest first. */
public record StoryList(List<Story> items) {

    /** A story: its first article (title and id), how many articles it has, when, and its main entities. */
    public record Story(String storyId, String title, String firstArticleId, long articleCount, OffsetDateTime from,
                        OffsetDateTime to, List<String> topEntities) {
    }
}
