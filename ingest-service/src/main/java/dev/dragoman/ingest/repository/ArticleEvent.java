package dev.dragoman.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One step in an article's history: RECEIVED, TAGGED, INDEXED, RETRY (with the error) or FAILED. */
@Entity
@Table(name = "article_event")
public class ArticleEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "article_id", nullable = false)
    public UUID articleId;

    @Column(nullable = false)
    public String type;

    public String detail;

    @Column(nullable = false)
    public Instant at;

    public static void record(UUID articleId, String type, String detail) {
        ArticleEvent event = new ArticleEvent();
        event.articleId = articleId;
        event.type = type;
        event.detail = detail;
        event.at = Instant.now();
        event.persist();
    }

    public static List<ArticleEvent> history(UUID articleId) {
        return list("articleId = ?1 order by id", articleId);
    }
}
