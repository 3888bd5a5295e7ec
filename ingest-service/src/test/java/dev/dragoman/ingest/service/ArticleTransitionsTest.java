package dev.dragoman.ingest.service;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.repository.ArticleRepository.Claim;
import dev.dragoman.ingest.repository.ArticleRepository.Tagging;
import dev.dragoman.ingest.repository.ArticleStatus;
import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The pipeline's TAGGED transition on a real PostgreSQL, as a bulk records it (one statement for all its freshly
 * tagged articles): only articles whose claim still holds them move, each with its own annotation and one history
 * row; an article another claim took over, or one no longer RECEIVED, is left as it is.
 */
@QuarkusTest
@TestProfile(KbChangeFollowerTest.Profile.class)
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest_relink_test"))
@WithTestResource(FakeDownstream.class)
class ArticleTransitionsTest {

    @Inject
    ArticleRepository articles;

    @Test
    void aBulkRecordsAsTaggedOnlyTheArticlesItsClaimsStillHold() {
        UUID held = store(ArticleStatus.RECEIVED, 11L);
        UUID takenOver = store(ArticleStatus.RECEIVED, 12L);
        UUID alreadyTagged = store(ArticleStatus.TAGGED, 13L);
        UUID alsoHeld = store(ArticleStatus.RECEIVED, 14L);

        Set<UUID> moved = QuarkusTransaction.requiringNew().call(() -> articles.markTagged(List.of(
                new Tagging(new Claim(held, 11L), annotation("person:first"), "1 entities, 0 dates"),
                new Tagging(new Claim(takenOver, 99L), annotation("person:stale"), "stale"),
                new Tagging(new Claim(alreadyTagged, 13L), annotation("person:again"), "again"),
                new Tagging(new Claim(alsoHeld, 14L), annotation("person:second"), "2 entities, 0 dates"))));

        assertEquals(Set.of(held, alsoHeld), moved);
        Article first = find(held);
        assertEquals(ArticleStatus.TAGGED, first.status);
        assertEquals("person:first", first.annotation.entities().get(0).entityId());
        assertEquals(List.of("1 entities, 0 dates"), tagged(held));
        assertEquals("person:second", find(alsoHeld).annotation.entities().get(0).entityId());
        assertEquals(List.of("2 entities, 0 dates"), tagged(alsoHeld));

        Article stale = find(takenOver);
        assertEquals(ArticleStatus.RECEIVED, stale.status);
        assertNull(stale.annotation);
        assertEquals(List.of(), tagged(takenOver));
        assertEquals(ArticleStatus.TAGGED, find(alreadyTagged).status);
        assertNull(find(alreadyTagged).annotation);
        assertEquals(List.of(), tagged(alreadyTagged));

        assertEquals(Set.of(), QuarkusTransaction.requiringNew().call(() -> articles.markTagged(List.of())));
    }

    private static Annotation annotation(String entityId) {
        return new Annotation("test", "en",
                List.of(new EntityMention(0, 7, "Someone", EntityType.PERSON, entityId, null)), List.of(), List.of(),
                List.of());
    }

    private static UUID store(ArticleStatus status, long token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Article article = new Article();
            article.id = UUID.randomUUID();
            article.contentHash = article.id.toString();
            article.body = "Someone said something.";
            article.status = status;
            article.nextAttemptAt = now;
            article.createdAt = now;
            article.updatedAt = now;
            article.leaseUntil = now.plus(Duration.ofMinutes(5));
            article.leaseToken = token;
            article.persist();
            return article.id;
        });
    }

    private static Article find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Article.<Article>findById(id));
    }

    private static List<String> tagged(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ArticleEvent.<ArticleEvent>list(
                "articleId = ?1 and type = 'TAGGED' order by id", id).stream().map(e -> e.detail).toList());
    }
}
