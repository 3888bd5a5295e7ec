package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dragoman.local.testing.StackTestResource;
import dev.dragoman.query.repository.StoryMerges;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An index of the previous mapping version (body with term vectors) moved behind its alias to one of this version
 * while writers go on: what the old index receives after its copy reaches the new one, and what the new one received
 * after the swap is never overwritten by older content.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class IndexMigrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than a page of the migration's walks. */
    private static final int ARTICLES = 1_234;

    @Inject
    ElasticsearchClient client;

    @Inject
    IndexMigration migration;

    @Inject
    IndexAdmin indexAdmin;

    @Inject
    StoryMerges merges;

    @Test
    void theArticlesAndTheAliasMoveAndLaterWritesToEitherSideAreKept() throws IOException {
        String alias = "test-migration-" + UUID.randomUUID().toString().substring(0, 8);
        String from = alias + "-v1";
        String to = alias + "-v2";
        String story = "story-" + UUID.randomUUID();
        String survivor = "story-" + UUID.randomUUID();
        createIndex(from, true, alias);
        createIndex(to, false, null);
        List<BulkOperation> operations = new ArrayList<>();
        Instant indexed = Instant.parse("2026-11-01T10:00:00Z");
        for (int i = 0; i < ARTICLES; i++) {
            String id = String.format("a%05d", i);
            operations.add(BulkOperation.of(b -> b.index(x -> x.index(alias).id(id)
                    .document(doc(id, "title " + id, story, indexed)))));
        }
        client.bulk(b -> b.operations(operations).refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
        assertTrue(client.indices().getMapping(m -> m.index(from)).get(from).mappings().properties()
                .get("body").text().termVector() != null, "the old index is of the old mapping");

        assertEquals(ARTICLES, migration.copy(from, to, () -> true));

        // writers still reach the old index through the alias: a new article, one indexed again, a story move
        put(alias, doc("new-after-copy", "new", null, indexed.plusSeconds(60)));
        put(alias, doc("a00001", "indexed again before the swap", story, indexed.plusSeconds(60)));
        put(alias, doc("a00002", "indexed again before the swap", story, indexed.plusSeconds(60)));
        merges.record(Map.of(story, survivor));
        client.update(u -> u.index(alias).id("a00003").doc(Map.of("storyId", survivor)), Map.class);
        client.indices().refresh(r -> r.index(from));

        migration.swap(alias, from, to);
        assertEquals(Set.of(to), client.indices().getAlias(g -> g.name(alias)).aliases().keySet());
        // after the swap the new index takes the writes: this one is newer than what the old index has
        put(alias, doc("a00002", "indexed again after the swap", story, indexed.plusSeconds(120)));

        long caughtUp = migration.catchUp(from, to, () -> true);
        // catching up again (a replica taking over a migration that died midway) finds nothing left to do
        assertEquals(0, migration.catchUp(from, to, () -> true));
        migration.retire(from);
        client.indices().refresh(r -> r.index(to));

        assertFalse(client.indices().exists(e -> e.index(from)).value());
        assertEquals(ARTICLES + 1, client.count(c -> c.index(alias)).count());
        assertEquals("new", source(alias, "new-after-copy").get("title"));
        assertEquals("indexed again before the swap", source(alias, "a00001").get("title"));
        assertEquals("indexed again after the swap", source(alias, "a00002").get("title"));
        assertEquals("title a00004", source(alias, "a00004").get("title"));
        // the story merged while the migration ran: every member carries the surviving id, whichever index the
        // move reached (a00003 was moved in the old index after its copy, the others not yet)
        assertEquals(ARTICLES, client.count(c -> c.index(alias).query(q -> q.term(t -> t.field("storyId")
                .value(survivor)))).count());
        // the new article and the one indexed again before the swap copied, every other member moved
        assertEquals(2 + ARTICLES - 1, caughtUp);
        assertTrue(client.indices().getMapping(m -> m.index(to)).get(to).mappings().properties()
                .get("body").text().termVector() == null, "the body has no term vectors in this version");
        // so do the swap and the retirement once they are done
        assertEquals(0, migration.catchUp(from, to, () -> true));
        migration.swap(alias, from, to);
        migration.retire(from);
        assertEquals(ARTICLES + 1, client.count(c -> c.index(alias)).count());
        client.indices().delete(d -> d.index(to));
    }

    @Test
    void aLostLeaseStopsTheCopy() throws IOException {
        String alias = "test-migration-" + UUID.randomUUID().toString().substring(0, 8);
        createIndex(alias + "-v1", true, alias);
        createIndex(alias + "-v2", false, null);
        put(alias, doc("only", "only", null, Instant.now()));
        assertEquals(-1, migration.copy(alias + "-v1", alias + "-v2", () -> false));
        assertEquals(Set.of(alias + "-v1"), client.indices().getAlias(g -> g.name(alias)).aliases().keySet());
        client.indices().delete(d -> d.index(alias + "-v1", alias + "-v2"));
    }

    @Inject
    dev.dragoman.query.config.QueryConfig config;

    /**
     * What a replica of this version does when it starts on an Elasticsearch whose alias is on an older index: it
     * serves from it (no mapping put on it), creates its own index, and its migration round moves everything over.
     */
    @Test
    void aReplicaStartingOnAnOlderIndexMovesItOver() throws IOException {
        IndexAdmin admin = adminOfItsOwnPrefix();
        String alias = admin.alias();
        createIndex(alias + "-v1", true, alias);
        for (int i = 0; i < 20; i++) {
            put(alias, doc("b" + i, "title b" + i, null, Instant.now()));
        }

        admin.ensureIndex();
        assertEquals(List.of(alias + "-v1"), admin.older());
        assertTrue(client.indices().exists(e -> e.index(admin.versionedIndex())).value());
        admin.migrateOlder();

        assertEquals(List.of(), admin.older());
        assertEquals(Set.of(admin.versionedIndex()), client.indices().getAlias(g -> g.name(alias)).aliases().keySet());
        assertFalse(client.indices().exists(e -> e.index(alias + "-v1")).value());
        client.indices().refresh(r -> r.index(alias));
        assertEquals(20, client.count(c -> c.index(alias)).count());
        client.indices().delete(d -> d.index(admin.versionedIndex()));
        client.indices().deleteIndexTemplate(d -> d.name(alias));
    }

    /**
     * A replica of this version that starts while a newer version has moved the alias on (a rolling update that is
     * rolled back) serves that index as it is: it neither migrates it back nor creates its own index beside it.
     */
    @Test
    void aReplicaStartingOnANewerIndexLeavesItAlone() throws IOException {
        IndexAdmin admin = adminOfItsOwnPrefix();
        String alias = admin.alias();
        String newer = alias + "-v" + (IndexAdmin.MAPPING_VERSION + 1);
        createIndex(newer, false, alias);
        put(alias, doc("n1", "newer", null, Instant.now()));

        admin.ensureIndex();
        admin.migrateOlder();

        assertEquals(List.of(), admin.older());
        assertEquals(Set.of(newer), client.indices().getAlias(g -> g.name(alias)).aliases().keySet());
        assertFalse(client.indices().exists(e -> e.index(admin.versionedIndex())).value());
        assertEquals("newer", source(alias, "n1").get("title"));
        client.indices().delete(d -> d.index(newer));
        client.indices().deleteIndexTemplate(d -> d.name(alias));
    }

    @Test
    void theLiveIndexIsOfThisVersion() throws IOException {
        indexAdmin.ensureIndex();
        assertEquals(List.of(), indexAdmin.older());
        assertTrue(indexAdmin.versionedIndex().endsWith("-v" + IndexAdmin.MAPPING_VERSION));
    }

    /** An IndexAdmin as another replica would have it, on an alias of its own (the configuration's, but the prefix). */
    private IndexAdmin adminOfItsOwnPrefix() {
        String prefix = "test-migration-" + UUID.randomUUID().toString().substring(0, 8);
        dev.dragoman.query.config.QueryConfig other = (dev.dragoman.query.config.QueryConfig) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[]{dev.dragoman.query.config.QueryConfig.class},
                        (proxy, method, args) -> method.getName().equals("indexPrefix") ? prefix
                                : method.invoke(config, args));
        return new IndexAdmin(client, other, migration);
    }

    private void put(String alias, Map<String, Object> doc) throws IOException {
        client.index(i -> i.index(alias).id((String) doc.get("id")).document(doc)
                .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> source(String alias, String id) throws IOException {
        return client.get(g -> g.index(alias).id(id), Map.class).source();
    }

    private static Map<String, Object> doc(String id, String title, String story, Instant indexedAt) {
        Map<String, Object> doc = new java.util.HashMap<>();
        doc.put("id", id);
        doc.put("title", title);
        doc.put("body", "Body of " + id + " in Istanbul.");
        doc.put("publishedAt", "2026-10-30T08:00:00Z");
        doc.put("storyId", story);
        doc.put("indexedAt", indexedAt.toString());
        return doc;
    }

    /** An index with this version's mapping, or the previous version's (term vectors on the body). */
    private void createIndex(String name, boolean previousVersion, String alias) throws IOException {
        ObjectNode template;
        try (InputStream in = IndexAdmin.class.getResourceAsStream("/elasticsearch/articles-template.json")) {
            template = (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        ObjectNode mappings = (ObjectNode) template.get("mappings");
        if (previousVersion) {
            ((ObjectNode) mappings.get("properties").get("body")).put("term_vector", "with_positions_offsets");
        }
        if (alias != null) {
            template.putObject("aliases").putObject(alias).put("is_write_index", true);
        }
        String json = template.toString();
        client.indices().create(c -> c.index(name).withJson(new StringReader(json)));
    }
}
