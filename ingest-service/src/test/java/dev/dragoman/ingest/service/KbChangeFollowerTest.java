package dev.dragoman.ingest.service;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleStatus;
import dev.dragoman.ingest.repository.RelinkWatermark;
import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The knowledge-base follower on a real PostgreSQL, nlp-service's changes answered by a loopback stand-in
 * ({@link FakeDownstream}): two replicas' rounds at once follow a window once (the second finds the watermark locked
 * and skips), the articles concerned (by an entity merged away, by a changed name, a long article's piece) are requeued
 * with a history row saying why, an article a worker holds is requeued once the worker lets it go, the watermark
 * advances only after a round that worked, and the same window is asked for again after one that failed.
 */
@QuarkusTest
@TestProfile(KbChangeFollowerTest.Profile.class)
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest_relink_test"))
@WithTestResource(FakeDownstream.class)
class KbChangeFollowerTest {

    /** The pipeline stands still: the test sees where the follower leaves each article. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("dragoman.ingest.pipeline.enabled", "false");
        }
    }

    @Inject
    KbChangeFollower follower;

    @Test
    void twoReplicasFollowAWindowOnceAndTheWatermarkAdvancesOnlyAfterARoundThatWorked() throws Exception {
        UUID byEntity = store("person:relink-test-changed", ArticleStatus.INDEXED, false);
        UUID unconcerned = store("person:relink-test-unchanged", ArticleStatus.INDEXED, false);
        UUID byName = store("person:relink-test-surname", ArticleStatus.INDEXED, false);
        UUID held = store("person:relink-test-changed", ArticleStatus.TAGGED, true);
        Instant w0 = QuarkusTransaction.requiringNew().call(RelinkWatermark::current);
        assertNotNull(w0, "the migration sets the watermark");
        Instant until = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        FakeDownstream.CHANGES_CALLS.clear();
        FakeDownstream.changes = """
                {"since":"%s","until":"UNTIL","entityIds":["person:relink-test-changed","person:relink-test-unchanged"],
                 "names":["relink-test"],"mergedIds":["person:relink-test-changed"],
                 "articles":[{"articleId":"BYNAME:1","names":["relink-test"]},{"articleId":"not-ours-1","names":["x"]}]}"""
                .replace("UNTIL", until.toString()).replace("BYNAME", byName.toString());
        FakeDownstream.changesGate = new CountDownLatch(1);

        // replica one takes the watermark and waits for nlp-service's answer; replica two finds it locked meanwhile
        CompletableFuture<Optional<KbChangeFollower.Round>> one = CompletableFuture.supplyAsync(follower::follow);
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeDownstream.CHANGES_CALLS.size() == 1);
        Optional<KbChangeFollower.Round> two = follower.follow();
        FakeDownstream.changesGate.countDown();
        KbChangeFollower.Round round = one.get(30, TimeUnit.SECONDS).orElseThrow();
        assertTrue(two.isEmpty(), "the second replica skips the round: " + two);
        assertEquals(1, FakeDownstream.CHANGES_CALLS.size(), "nlp-service asked once: " + FakeDownstream.CHANGES_CALLS);
        assertEquals(w0, Instant.parse(FakeDownstream.CHANGES_CALLS.get(0).since()));
        assertTrue(FakeDownstream.CHANGES_CALLS.get(0).authorization().startsWith("Bearer "),
                "asked with ingest-service's own token");
        assertEquals(new KbChangeFollower.Round(w0, until, 2, 1), round);
        assertEquals(until, QuarkusTransaction.requiringNew().call(RelinkWatermark::current));

        assertEquals(ArticleStatus.RECEIVED, status(byEntity));
        assertEquals(List.of("knowledge base changed: entity person:relink-test-changed"), reannotations(byEntity));
        assertEquals(ArticleStatus.RECEIVED, status(byName));
        assertEquals(List.of("knowledge base changed: name relink-test"), reannotations(byName));
        assertEquals(ArticleStatus.INDEXED, status(unconcerned));
        assertEquals(List.of(), reannotations(unconcerned));
        // held by a worker, which may have tagged it before the change: left to it, and marked
        assertEquals(ArticleStatus.TAGGED, status(held));
        assertEquals(List.of(), reannotations(held));

        // nlp-service fails: nothing advances, and the next round asks for the same window again
        FakeDownstream.changes = null;
        assertThrows(RuntimeException.class, follower::follow);
        assertEquals(until, QuarkusTransaction.requiringNew().call(RelinkWatermark::current));
        FakeDownstream.changes = """
                {"since":"%s","until":"UNTIL","entityIds":[],"names":[],"mergedIds":[],"articles":[]}"""
                .replace("UNTIL", until.plusSeconds(1).toString());
        assertEquals(new KbChangeFollower.Round(until, until.plusSeconds(1), 0, 0), follower.follow().orElseThrow());
        assertEquals(List.of(until, until), FakeDownstream.CHANGES_CALLS.subList(1, 3).stream()
                .map(call -> Instant.parse(call.since())).toList());

        // the worker lets the held article go: the next round sends it through again, once
        QuarkusTransaction.requiringNew().run(() -> Article.update(
                "leaseUntil = null, leaseToken = null where id = ?1", held));
        FakeDownstream.changes = FakeDownstream.changes.replace(until.plusSeconds(1).toString(),
                until.plusSeconds(2).toString());
        assertEquals(1, follower.follow().orElseThrow().requeued());
        assertEquals(ArticleStatus.RECEIVED, status(held));
        assertEquals(List.of("knowledge base changed: entity person:relink-test-changed"), reannotations(held));
        assertEquals(0, follower.follow().orElseThrow().requeued(), "nothing new: nothing requeued");
        assertEquals(1, reannotations(byEntity).size());
    }

    /** An article with an annotation that mentions one entity; held: a worker has it leased right now. */
    private static UUID store(String entityId, ArticleStatus status, boolean held) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Article article = new Article();
            article.id = UUID.randomUUID();
            article.contentHash = article.id.toString();
            article.body = "Text of " + entityId + ".";
            article.status = status;
            article.nextAttemptAt = now;
            article.createdAt = now;
            article.updatedAt = now;
            article.annotation = new Annotation("test", "en",
                    List.of(new EntityMention(8, 20, "Someone", EntityType.PERSON, entityId, null)), List.of(),
                    List.of(), List.of());
            if (held) {
                article.leaseUntil = now.plus(Duration.ofMinutes(5));
                article.leaseToken = -1L;
            }
            article.persist();
            return article.id;
        });
    }

    private static ArticleStatus status(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Article.<Article>findById(id).status);
    }

    private static List<String> reannotations(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ArticleEvent.<ArticleEvent>list(
                "articleId = ?1 and type = 'REANNOTATE' order by id", id).stream().map(e -> e.detail).toList());
    }
}
