package dev.dragoman.query.model;

import java.time.OffsetDateTime;
import java.util.List;

/** What the index knows of one entity: names, reach in time, and who appears with it. */
public record EntityProfile(String id, String name, String type, List<String> aliases, long articleCount,
                            OffsetDateTime firstSeen, OffsetDateTime lastSeen, List<Related> topCooccurring) {

    public record Related(String id, String name, String type, long articleCount) {
    }
}
