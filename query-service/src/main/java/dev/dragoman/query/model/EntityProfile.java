package dev.dragoman.query.model;

import java.time.OffsetDateTime;
import java.util.List;

/** What the index knows of one entity: names, reach in time, who appears with it, and what it said lately. */
public record EntityProfile(String id, String name, String type, List<String> aliases, long articleCount,
                            OffsetDateTime firstSeen, OffsetDateTime lastSeen, List<Related> topCooccurring,
                            List<QuotePage.Item> recentQuotes) {

    public EntityProfile withRecentQuotes(List<QuotePage.Item> quotes) {
        return new EntityProfile(id, name, type, aliases, articleCount, firstSeen, lastSeen, topCooccurring, quotes);
    }

    public record Related(String id, String name, String type, long articleCount) {
    }
}
