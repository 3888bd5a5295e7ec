package dev.dragoman.nlp.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** One name of an entity (see V1__knowledge_base.sql). */
@Entity
@Table(name = "kb_alias")
public class KbAlias extends PanacheEntityBase {

    /** LEARNED from articles; CURATED by a person (wins); BLOCKED: a person said the name is not this entity. */
    public enum Origin {
        LEARNED, CURATED, BLOCKED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The lookup key: lower case, no diacritics, no titles (EntityLinker.aliasKey). */
    @Column(nullable = false)
    public String alias;

    @Column(name = "entity_id", nullable = false)
    public String entityId;

    @Column(nullable = false)
    public String surface;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Origin origin;

    public long observations;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public static List<KbAlias> forKeys(Collection<String> keys) {
        return keys.isEmpty() ? List.of() : list("alias in ?1", keys);
    }

    public static KbAlias find(String key, String entityId) {
        return find("alias = ?1 and entityId = ?2", key, entityId).firstResult();
    }
}
