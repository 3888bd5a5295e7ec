package dev.dragoman.nlp.repository;

import dev.dragoman.common.api.EntityType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An entity of the knowledge base (see V1__knowledge_base.sql). */
@Entity
@Table(name = "kb_entity")
public class KbEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EntityType type;

    @Column(nullable = false)
    public String name;

    @Column(name = "merged_into")
    public String mergedInto;

    public boolean curated;

    public long mentions;

    public long articles;

    @Column(name = "first_seen")
    public LocalDate firstSeen;

    @Column(name = "last_seen")
    public LocalDate lastSeen;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();

    /** Entities with a name one of whose words starts with the prefix ("lav" finds Sergey Lavrov), most-mentioned first. */
    public static List<KbEntity> search(String prefix, String key, EntityType type, int limit) {
        String escaped = key.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_");
        String names = "e.mergedInto is null and (e.id = :id or exists (select 1 from KbAlias a "
                + "where a.entityId = e.id and a.origin <> dev.dragoman.nlp.repository.KbAlias.Origin.BLOCKED "
                + "and (a.alias like :start or a.alias like :word)))";
        var parameters = io.quarkus.panache.common.Parameters.with("id", prefix).and("start", escaped + "%")
                .and("word", "% " + escaped + "%");
        if (type != null) {
            names += " and e.type = :type";
            parameters.and("type", type);
        }
        return find("from KbEntity e where " + names + " order by e.mentions desc, e.id", parameters)
                .page(0, limit).list();
    }
}
