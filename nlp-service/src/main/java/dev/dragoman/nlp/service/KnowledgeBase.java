package dev.dragoman.nlp.service;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.api.Event;
import dev.dragoman.common.api.Quote;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.common.text.TextNormalizer;
import dev.dragoman.nlp.config.NlpConfig;
import dev.dragoman.nlp.linking.EntityLinker;
import dev.dragoman.nlp.linking.TitleMentions;
import dev.dragoman.nlp.model.Curation;
import dev.dragoman.nlp.model.KnownEntity;
import dev.dragoman.nlp.repository.KbAlias;
import dev.dragoman.nlp.repository.KbEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cross-article identity. Each annotated article teaches the knowledge base which names its entities go by
 * ("Lavrov" was Sergey Lavrov in an article that named him in full); a later article that only says "Lavrov" is
 * then linked to him. Curators add names, merge two entities into one and split names off an entity; what they say
 * wins over what was learnt. Entities that merged stay as pointers, so old ids keep resolving.
 */
@ApplicationScoped
public class KnowledgeBase {

    /** A learnt name links a lone mention only if it points to one entity at least this many times more than to any other. */
    static final int DOMINANCE = 2;
    private static final int MAX_MERGE_HOPS = 16;
    /** The API's limit of curated names (Curation), also for names that arrive in a path. */
    private static final int MAX_CURATED_NAME_CHARS = 300;

    private final EntityManager em;
    private final int maxNameChars;
    /** Longest a transaction may run (Narayana rolls back older ones): how far back changes() looks for open ones. */
    private final java.time.Duration transactionTimeout;

    public KnowledgeBase(EntityManager em, NlpConfig config,
                         @org.eclipse.microprofile.config.inject.ConfigProperty(
                                 name = "quarkus.transaction-manager.default-transaction-timeout", defaultValue = "60s")
                         java.time.Duration transactionTimeout) {
        this.em = em;
        this.maxNameChars = config.maxEntityNameChars();
        this.transactionTimeout = transactionTimeout;
    }

    /** Whether a mention may be looked up and learnt: names longer than the cap are never stored. */
    private boolean learnable(EntityMention mention) {
        return mention.text().length() <= maxNameChars && mention.entityId() != null
                && mention.entityId().length() <= maxNameChars + 16;
    }

    private record Target(String id, String name, EntityType type) {
    }

    /**
     * The annotation with its entities linked across articles, after it taught the knowledge base its names. With an
     * article id, what the article teaches replaces what it taught before (tagging it again changes no count);
     * without one, every call counts as a new article.
     */
    @Transactional
    public Annotation linkAndLearn(Annotation annotation, LocalDate articleDate, String articleId) {
        if (annotation.entities().isEmpty()) {
            if (articleId != null) {
                learn(Map.of(), new Entities(Set.of()), articleDate, articleId); // takes back what it taught before
            }
            return annotation;
        }
        Map<String, List<EntityMention>> byId = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        for (EntityMention mention : annotation.entities()) {
            if (!learnable(mention)) {
                continue;
            }
            byId.computeIfAbsent(mention.entityId(), k -> new ArrayList<>()).add(mention);
            keys.add(EntityLinker.aliasKey(mention.text()));
        }
        Map<String, List<KbAlias>> aliases = new HashMap<>();
        for (KbAlias alias : KbAlias.forKeys(keys)) {
            aliases.computeIfAbsent(alias.alias, k -> new ArrayList<>()).add(alias);
        }
        Set<String> ids = new HashSet<>(byId.keySet());
        byId.keySet().forEach(id -> ids.addAll(otherKinds(id)));
        aliases.values().forEach(list -> list.forEach(a -> ids.add(a.entityId)));
        Entities known = new Entities(ids);

        Map<String, Target> targets = new HashMap<>();
        for (var entry : byId.entrySet()) {
            Target target = decide(entry.getKey(), entry.getValue(), aliases, known);
            if (target != null) {
                targets.put(entry.getKey(), target);
            }
        }
        learn(byId, known, articleDate, articleId);
        return targets.isEmpty() ? annotation : relink(annotation, targets);
    }

    /** Where the mentions of one id are linked: curated names first, then merges, then learnt names. */
    private Target decide(String id, List<EntityMention> mentions, Map<String, List<KbAlias>> aliases, Entities known) {
        for (EntityMention mention : mentions) {
            for (KbAlias alias : aliases.getOrDefault(EntityLinker.aliasKey(mention.text()), List.of())) {
                if (alias.origin == KbAlias.Origin.CURATED) {
                    return known.target(alias.entityId);
                }
            }
        }
        KbEntity entity = known.get(id);
        if (entity != null && entity.mergedInto != null) {
            return known.target(id);
        }
        if (entity == null) {
            // a name the reference data does not know, typed otherwise by the tagger this time ("Acme" a place
            // here, an organisation in the articles before): the entity the knowledge base already has
            KbEntity same = null;
            for (String other : otherKinds(id)) {
                KbEntity candidate = known.get(other);
                if (candidate != null && (same == null || candidate.mentions > same.mentions)) {
                    same = candidate;
                }
            }
            if (same != null) {
                return known.target(same.id);
            }
        }
        if (!mentions.stream().allMatch(EntityLinker::standsAlone)) {
            return null;
        }
        EntityType type = mentions.get(0).type();
        Set<String> blocked = new HashSet<>();
        Map<String, Long> evidence = new TreeMap<>();
        for (KbAlias alias : aliases.getOrDefault(EntityLinker.aliasKey(mentions.get(0).text()), List.of())) {
            Target target = known.target(alias.entityId);
            if (alias.origin == KbAlias.Origin.BLOCKED) {
                blocked.add(target.id());
            } else if (!target.id().equals(id) && (target.type() == type || target.type() == EntityType.PERSON
                    && type != EntityType.LOCATION && alias.observations >= DOMINANCE)) {
                // a lone surname the tagger took for a group or a thing ("Putin offered Zelensky ...") is the
                // person other articles named in full, once more than one article said so; places stay places
                evidence.merge(target.id(), alias.observations, Long::sum);
            }
        }
        blocked.forEach(evidence::remove);
        String best = null;
        long first = 0;
        long second = 0;
        for (var entry : evidence.entrySet()) {
            if (entry.getValue() > first) {
                second = first;
                first = entry.getValue();
                best = entry.getKey();
            } else if (entry.getValue() > second) {
                second = entry.getValue();
            }
        }
        return best != null && (second == 0 || first >= DOMINANCE * second) ? known.target(best) : null;
    }

    /**
     * Records this article's entities and the names it used for them: one observation per article and name.
     * Offices ("the Kremlin spokesman") are not learnt: their holders change.
     */
    private void learn(Map<String, List<EntityMention>> byId, Entities known, LocalDate articleDate, String articleId) {
        Map<String, EntityMention> entities = new TreeMap<>();
        Map<String, Long> mentionCounts = new HashMap<>();
        Map<List<String>, String> names = new TreeMap<>(KnowledgeBase::compareKeys);
        // names used alone somewhere in the article (only those may link otherwise when the knowledge base learns)
        Set<List<String>> lone = new HashSet<>();
        for (var entry : byId.entrySet()) {
            Target target = known.target(entry.getKey());
            for (EntityMention mention : entry.getValue()) {
                String canonical = mention.canonicalName();
                if (TitleMentions.isOffice(mention.text()) || target.id().length() > maxNameChars + 16
                        || (canonical != null && canonical.length() > maxNameChars)) {
                    continue;
                }
                entities.putIfAbsent(target.id(), mention);
                mentionCounts.merge(target.id(), 1L, Long::sum);
                List<String> key = List.of(EntityLinker.aliasKey(mention.text()), target.id());
                names.putIfAbsent(key, mention.text().strip());
                if (EntityLinker.standsAlone(mention)) {
                    lone.add(key);
                }
            }
        }
        if (articleId != null) {
            forgetChanged(articleId, entities, mentionCounts, names);
        }
        // one statement per table, whatever the number of entities and names; rows in key order so that concurrent
        // articles lock shared rows in the same order
        List<String> ids = new ArrayList<>(entities.size());
        List<String> types = new ArrayList<>(entities.size());
        List<String> canonical = new ArrayList<>(entities.size());
        List<Long> counts = new ArrayList<>(entities.size());
        for (var entry : entities.entrySet()) {
            Target target = known.target(entry.getKey());
            ids.add(target.id());
            types.add(target.type() != null ? target.type().name() : entry.getValue().type().name());
            canonical.add(target.name() != null ? target.name() : entry.getValue().canonicalName());
            counts.add(mentionCounts.get(entry.getKey()));
        }
        if (!ids.isEmpty()) {
            rows("""
                    insert into kb_entity (id, type, name, mentions, articles, first_seen, last_seen)
                    select id, type, name, mentions, 1, seen, seen
                    from unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) as t(id, type, name, mentions),
                         (select ?::date as seen) d
                    order by id
                    on conflict (id) do update set mentions = kb_entity.mentions + excluded.mentions,
                      articles = kb_entity.articles + 1,
                      first_seen = least(kb_entity.first_seen, excluded.first_seen),
                      last_seen = greatest(kb_entity.last_seen, excluded.last_seen), updated_at = now()""",
                    ids.toArray(String[]::new), types.toArray(String[]::new), canonical.toArray(String[]::new),
                    counts.toArray(Long[]::new), articleDate);
        }
        List<String> aliasKeys = new ArrayList<>(names.size());
        List<String> aliasIds = new ArrayList<>(names.size());
        List<String> surfaces = new ArrayList<>(names.size());
        for (var entry : names.entrySet()) {
            if (!entry.getKey().get(0).isEmpty()) {
                aliasKeys.add(entry.getKey().get(0));
                aliasIds.add(entry.getKey().get(1));
                surfaces.add(entry.getValue());
            }
        }
        if (!aliasKeys.isEmpty()) {
            rows("""
                    insert into kb_alias (alias, entity_id, surface, origin, observations)
                    select alias, entity_id, surface, 'LEARNED', 1
                    from unnest(?::text[], ?::text[], ?::text[]) as t(alias, entity_id, surface)
                    order by alias, entity_id
                    on conflict (alias, entity_id) do update
                      set observations = kb_alias.observations + 1, updated_at = now()""",
                    aliasKeys.toArray(String[]::new), aliasIds.toArray(String[]::new), surfaces.toArray(String[]::new));
        }
        if (articleId != null) {
            remember(articleId, entities, mentionCounts, names, lone);
        }
    }

    /**
     * An article tagged before: takes back what it taught then, and leaves in {@code entities}, {@code mentionCounts}
     * and {@code names} only what it did not teach yet, so that counting it again counts it once. Its observations
     * are recorded for the next time.
     */
    @SuppressWarnings("unchecked")
    private void forgetChanged(String articleId, Map<String, EntityMention> entities, Map<String, Long> mentionCounts,
                               Map<List<String>, String> names) {
        Map<String, Long> before = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                        "select entity_id, mentions from kb_article_entity where article_id = ?1 for update", Object[].class)
                .setParameter(1, articleId).getResultList()) {
            before.put((String) row[0], ((Number) row[1]).longValue());
        }
        Set<List<String>> aliasesBefore = new HashSet<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                        "select alias, entity_id from kb_article_alias where article_id = ?1 for update", Object[].class)
                .setParameter(1, articleId).getResultList()) {
            aliasesBefore.add(List.of((String) row[0], (String) row[1]));
        }
        // a merged entity keeps the updated_at of its merge: changes() reports merges by it, and an article tagged
        // again (because of that merge) must not make the merge a new change each time
        for (var old : before.entrySet()) {
            Long now = entities.containsKey(old.getKey()) ? mentionCounts.get(old.getKey()) : null;
            if (now == null) {
                em.createNativeQuery("""
                                update kb_entity set mentions = greatest(0, mentions - ?2), articles = greatest(0, articles - 1),
                                  updated_at = case when merged_into is null then now() else updated_at end where id = ?1""")
                        .setParameter(1, old.getKey()).setParameter(2, old.getValue()).executeUpdate();
                em.createNativeQuery("delete from kb_article_entity where article_id = ?1 and entity_id = ?2")
                        .setParameter(1, articleId).setParameter(2, old.getKey()).executeUpdate();
            } else {
                if (!now.equals(old.getValue())) {
                    em.createNativeQuery("""
                                    update kb_entity set mentions = greatest(0, mentions + ?2),
                                      updated_at = case when merged_into is null then now() else updated_at end where id = ?1""")
                            .setParameter(1, old.getKey()).setParameter(2, now - old.getValue()).executeUpdate();
                    em.createNativeQuery("update kb_article_entity set mentions = ?3 where article_id = ?1 and entity_id = ?2")
                            .setParameter(1, articleId).setParameter(2, old.getKey()).setParameter(3, now).executeUpdate();
                }
                entities.remove(old.getKey());
            }
        }
        for (List<String> old : aliasesBefore) {
            if (names.remove(old) == null) {
                em.createNativeQuery("""
                                update kb_alias set observations = greatest(0, observations - 1), updated_at = now()
                                where alias = ?1 and entity_id = ?2 and origin = 'LEARNED'""")
                        .setParameter(1, old.get(0)).setParameter(2, old.get(1)).executeUpdate();
                em.createNativeQuery("delete from kb_article_alias where article_id = ?1 and alias = ?2 and entity_id = ?3")
                        .setParameter(1, articleId).setParameter(2, old.get(0)).setParameter(3, old.get(1)).executeUpdate();
            }
        }
    }

    /** Records what an article taught (after the entities exist), for {@link #forgetChanged} next time. */
    private void remember(String articleId, Map<String, EntityMention> entities, Map<String, Long> mentionCounts,
                          Map<List<String>, String> names, Set<List<String>> lone) {
        if (!entities.isEmpty()) {
            rows("""
                    insert into kb_article_entity (article_id, entity_id, mentions)
                    select ?, entity_id, mentions from unnest(?::text[], ?::bigint[]) as t(entity_id, mentions)""",
                    articleId, entities.keySet().toArray(String[]::new),
                    entities.keySet().stream().map(mentionCounts::get).toArray(Long[]::new));
        }
        List<List<String>> learnt = names.keySet().stream().filter(key -> !key.get(0).isEmpty()).toList();
        if (!learnt.isEmpty()) {
            rows("""
                    insert into kb_article_alias (article_id, alias, entity_id, lone)
                    select ?, alias, entity_id, lone from unnest(?::text[], ?::text[], ?::boolean[]) as t(alias, entity_id, lone)""",
                    articleId, learnt.stream().map(key -> key.get(0)).toArray(String[]::new),
                    learnt.stream().map(key -> key.get(1)).toArray(String[]::new),
                    learnt.stream().map(lone::contains).toArray(Boolean[]::new));
        }
    }

    /** One statement over many rows, in this transaction: arrays become SQL arrays (of their element's type). */
    private void rows(String sql, Object... parameters) {
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    Object value = parameters[i];
                    if (value instanceof String[] texts) {
                        statement.setArray(i + 1, connection.createArrayOf("text", texts));
                    } else if (value instanceof Boolean[] flags) {
                        statement.setArray(i + 1, connection.createArrayOf("boolean", flags));
                    } else if (value instanceof Long[] numbers) {
                        statement.setArray(i + 1, connection.createArrayOf("bigint", numbers));
                    } else {
                        statement.setObject(i + 1, value);
                    }
                }
                statement.executeUpdate();
            }
        });
    }

    /**
     * The same name under the other kinds a tagger may give a name the reference data does not know
     * ("org:acme" for "place:acme"); none for people, whose ids the linker settles, or for reference entities.
     */
    private static List<String> otherKinds(String id) {
        int colon = id.indexOf(':');
        if (colon < 0 || id.startsWith("person:") || EntityLinker.reference(id) != null) {
            return List.of();
        }
        String slug = id.substring(colon + 1);
        List<String> others = new ArrayList<>(2);
        for (String kind : List.of("org:", "place:", "misc:")) {
            if (!id.startsWith(kind)) {
                others.add(kind + slug);
            }
        }
        return others;
    }

    /** Same order in every transaction, so concurrent articles never wait on each other in a cycle. */
    private static int compareKeys(List<String> a, List<String> b) {
        int byAlias = a.get(0).compareTo(b.get(0));
        return byAlias != 0 ? byAlias : a.get(1).compareTo(b.get(1));
    }

    private static Annotation relink(Annotation annotation, Map<String, Target> targets) {
        List<EntityMention> entities = annotation.entities().stream().map(m -> {
            Target t = targets.get(m.entityId());
            return t == null ? m : new EntityMention(m.start(), m.end(), m.text(), t.type() != null ? t.type() : m.type(),
                    t.id(), t.name());
        }).toList();
        List<Quote> quotes = annotation.quotes().stream().map(q -> {
            Target speaker = q.speakerId() == null ? null : targets.get(q.speakerId());
            Target source = q.sourceId() == null ? null : targets.get(q.sourceId());
            return speaker == null && source == null ? q : new Quote(q.start(), q.end(), q.text(),
                    speaker == null ? q.speakerId() : speaker.id(), speaker == null ? q.speakerName() : speaker.name(),
                    source == null ? q.sourceId() : source.id(), source == null ? q.sourceName() : source.name());
        }).toList();
        List<Event> events = annotation.events().stream().map(e -> new Event(e.type(), e.start(), e.end(), e.trigger(),
                e.participants().stream().map(p -> targets.containsKey(p) ? targets.get(p).id() : p).distinct().toList(),
                e.placeId() != null && targets.containsKey(e.placeId()) ? targets.get(e.placeId()).id() : e.placeId(),
                e.date())).toList();
        return new Annotation(annotation.model(), annotation.language(), entities, annotation.dates(), quotes, events);
    }

    /** The knowledge base's entities needed for one decision, merges followed. */
    private static final class Entities {
        private final Map<String, KbEntity> loaded = new HashMap<>();

        Entities(Collection<String> ids) {
            load(ids);
        }

        private void load(Collection<String> ids) {
            Set<String> missing = new TreeSet<>(ids);
            missing.removeAll(loaded.keySet());
            for (int hop = 0; !missing.isEmpty() && hop < MAX_MERGE_HOPS; hop++) {
                List<KbEntity> found = KbEntity.list("id in ?1", missing);
                missing.forEach(id -> loaded.put(id, null));
                Set<String> next = new TreeSet<>();
                for (KbEntity entity : found) {
                    loaded.put(entity.id, entity);
                    if (entity.mergedInto != null && !loaded.containsKey(entity.mergedInto)) {
                        next.add(entity.mergedInto);
                    }
                }
                missing = next;
            }
        }

        KbEntity get(String id) {
            return loaded.get(id);
        }

        /** The entity an id finally stands for, merges followed; unknown ids stand for themselves. */
        Target target(String id) {
            String current = id;
            for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
                if (!loaded.containsKey(current)) {
                    load(List.of(current));
                }
                KbEntity entity = loaded.get(current);
                if (entity == null) {
                    return new Target(current, null, null);
                }
                if (entity.mergedInto == null) {
                    return new Target(entity.id, entity.name, entity.type);
                }
                current = entity.mergedInto;
            }
            throw new IllegalStateException("merge chain too long at " + id);
        }
    }

    // --- curation -------------------------------------------------------------------------------------------------

    /**
     * Names and entities that changed in [since, until): new names of an entity, curation, merges; the entities merged
     * away; and the articles that used a changed name for another entity than the one it gained (for a removed name:
     * for the entity it was removed from). An article that already links the name to that entity (above all the one
     * that taught it) is not named: tagging it again would change nothing; nor, for a learnt name, an article that
     * never used the name standing alone ("Smith" after "Jane Smith" is settled within its article, whatever the
     * knowledge base learns about other Smiths: only lone names are decided by it). {@code until} is the safe horizon, not
     * simply now: a row is stamped with its transaction's start, so a transaction still open may yet commit rows
     * stamped before now. The horizon is the start of the oldest transaction open in this database (one older than
     * the transaction timeout can no longer commit), so nothing can appear later in a window already answered; it
     * never goes back before {@code since}.
     */
    @Transactional
    public dev.dragoman.common.api.KbChanges changes(Instant since) {
        Instant until = horizon();
        until = until.isBefore(since) ? since : until;
        Set<String> ids = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        Set<String> mergedIds = new TreeSet<>();
        // learnt names count when they first link a name to an entity (observations coming and going do not: tagging
        // an article again never makes a change of its own); curated and removed names whenever a curator says so
        List<KbAlias> aliases = KbAlias.list("(createdAt >= ?1 and createdAt < ?2) or "
                + "(origin <> ?3 and updatedAt >= ?1 and updatedAt < ?2)", since, until, KbAlias.Origin.LEARNED);
        for (KbAlias alias : aliases) {
            names.add(alias.alias);
            ids.add(alias.entityId);
        }
        for (KbEntity merged : KbEntity.<KbEntity>list("mergedInto is not null and updatedAt >= ?1 and updatedAt < ?2",
                since, until)) {
            ids.add(merged.id);
            ids.add(merged.mergedInto);
            mergedIds.add(merged.id);
        }
        return new dev.dragoman.common.api.KbChanges(since, until, List.copyOf(ids), List.copyOf(names),
                List.copyOf(mergedIds), aliases.isEmpty() ? List.of() : articlesConcerned(aliases));
    }

    /** The articles a changed name may link differently now, with those names (see {@link #changes}). */
    private List<dev.dragoman.common.api.KbChanges.ArticleNames> articlesConcerned(List<KbAlias> changed) {
        List<dev.dragoman.common.api.KbChanges.ArticleNames> articles = new ArrayList<>();
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement("""
                    select used.article_id, array_agg(distinct used.alias order by used.alias)
                    from unnest(?::text[], ?::text[], ?::boolean[], ?::boolean[]) as changed(alias, entity_id, removed, learnt)
                    join kb_article_alias used on used.alias = changed.alias
                    where (used.entity_id <> changed.entity_id) <> changed.removed
                      and (used.lone or not changed.learnt)
                    group by used.article_id order by used.article_id""")) {
                statement.setArray(1, connection.createArrayOf("text", changed.stream().map(a -> a.alias).toArray(String[]::new)));
                statement.setArray(2, connection.createArrayOf("text", changed.stream().map(a -> a.entityId).toArray(String[]::new)));
                statement.setArray(3, connection.createArrayOf("boolean", changed.stream()
                        .map(a -> a.origin == KbAlias.Origin.BLOCKED).toArray(Boolean[]::new)));
                statement.setArray(4, connection.createArrayOf("boolean", changed.stream()
                        .map(a -> a.origin == KbAlias.Origin.LEARNED).toArray(Boolean[]::new)));
                try (java.sql.ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        articles.add(new dev.dragoman.common.api.KbChanges.ArticleNames(rows.getString(1),
                                List.of((String[]) rows.getArray(2).getArray())));
                    }
                }
            }
        });
        return articles;
    }

    /** The instant before which no transaction can still commit a change: see {@link #changes}. */
    private Instant horizon() {
        Object oldest = em.createNativeQuery("""
                        select least(clock_timestamp(), coalesce(min(xact_start), 'infinity'))
                        from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
                          and xact_start > clock_timestamp() - make_interval(secs => ?1)""")
                .setParameter(1, (double) transactionTimeout.toMillis() / 1000).getSingleResult();
        Instant database = oldest instanceof java.sql.Timestamp t ? t.toInstant()
                : oldest instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) oldest;
        // curated names and merges are stamped by this clock, learnt names by the database's: the earlier of the two
        Instant here = Instant.now();
        return database.isBefore(here) ? database : here;
    }

    @Transactional
    public KnownEntity view(String id) {
        // an id with a control character (NUL above all, which PostgreSQL refuses) names no entity: existing() says so
        KbEntity entity = id.equals(TextNormalizer.normalize(id)) ? KbEntity.findById(id) : null;
        if (entity == null) {
            // an entity of the reference data that no article has mentioned yet
            var reference = EntityLinker.reference(id);
            if (reference != null) {
                return new KnownEntity(reference.id(), reference.type(), reference.name(), null, List.of(), false, 0,
                        0, null, null, List.of(), externalIds(id));
            }
        }
        return describe(existing(id));
    }

    private static KnownEntity.ExternalIds externalIds(String id) {
        var reference = EntityLinker.reference(id);
        return reference == null ? null
                : new KnownEntity.ExternalIds(reference.qid(), reference.geonamesId(), reference.secCik());
    }

    @Transactional
    public List<KnownEntity> search(String prefix, EntityType type, int limit) {
        String text = prefix == null ? "" : TextNormalizer.normalize(prefix).strip();
        return KbEntity.search(text, EntityLinker.aliasKey(text), type, limit).stream().map(this::describe).toList();
    }

    @Transactional
    public KnownEntity create(Curation.NewEntity request, String actor) {
        String id = EntityLinker.id(request.type(), TextNormalizer.normalize(request.name()).strip());
        KbEntity entity = KbEntity.findById(id);
        if (entity != null && (entity.curated || entity.mergedInto != null)) {
            throw new ProblemException(409, "Entity exists", id + " already exists" + (entity.mergedInto != null
                    ? " and was merged into " + entity.mergedInto : "") + "; add aliases to it instead");
        }
        if (entity == null) {
            entity = new KbEntity();
            entity.id = id;
            entity.type = request.type();
        }
        entity.name = TextNormalizer.normalize(request.name()).strip();
        entity.curated = true;
        entity.updatedAt = Instant.now();
        entity.persist();
        name(entity, request.name(), KbAlias.Origin.CURATED);
        for (String alias : request.aliases() == null ? List.<String>of() : request.aliases()) {
            name(entity, alias, KbAlias.Origin.CURATED);
        }
        curated(actor, "create", entity.id, entity.name + (request.aliases() == null || request.aliases().isEmpty()
                ? "" : " (aliases " + String.join(", ", request.aliases()) + ")"));
        return describe(entity);
    }

    @Transactional
    public KnownEntity addAlias(String id, String alias, String actor) {
        KbEntity entity = current(id);
        name(entity, alias, KbAlias.Origin.CURATED);
        curated(actor, "add-alias", entity.id, alias);
        return describe(entity);
    }

    /** The name no longer links to this entity, and learning will not bring it back. */
    @Transactional
    public KnownEntity removeAlias(String id, String alias, String actor) {
        KbEntity entity = current(id);
        name(entity, alias, KbAlias.Origin.BLOCKED);
        curated(actor, "remove-alias", entity.id, alias);
        return describe(entity);
    }

    @Transactional
    public KnownEntity merge(String id, String into, String actor) {
        KbEntity from = current(id);
        KbEntity target = existing(into.strip());
        if (target.mergedInto != null) {
            throw new ProblemException(409, "Entity merged", target.id + " was itself merged into " + target.mergedInto
                    + "; merge into that one");
        }
        if (target.id.equals(from.id)) {
            throw ProblemException.badRequest("Invalid merge", "an entity cannot be merged into itself");
        }
        from.mergedInto = target.id;
        from.updatedAt = Instant.now();
        target.mentions += from.mentions;
        target.articles += from.articles;
        target.firstSeen = min(target.firstSeen, from.firstSeen);
        target.lastSeen = max(target.lastSeen, from.lastSeen);
        target.updatedAt = Instant.now();
        // entities merged earlier into the one that goes now follow it
        KbEntity.update("mergedInto = ?1, updatedAt = ?2 where mergedInto = ?3", target.id, Instant.now(), from.id);
        curated(actor, "merge", from.id, "into " + target.id);
        return describe(target);
    }

    /** Moves names off an entity to another one (created, curated, if it does not exist). */
    @Transactional
    public KnownEntity split(String id, Curation.Split request, String actor) {
        KbEntity from = current(id);
        EntityType type = request.type() != null ? request.type() : from.type;
        String newId = EntityLinker.id(type, TextNormalizer.normalize(request.name()).strip());
        if (newId.equals(from.id)) {
            throw ProblemException.badRequest("Invalid split", "the aliases would stay on " + from.id
                    + "; give the other entity's name");
        }
        KbEntity to = KbEntity.findById(newId);
        if (to != null && to.mergedInto != null) {
            throw new ProblemException(409, "Entity merged", newId + " was merged into " + to.mergedInto);
        }
        if (to == null) {
            to = new KbEntity();
            to.id = newId;
            to.type = type;
            to.name = TextNormalizer.normalize(request.name()).strip();
            to.curated = true;
            to.persist();
            name(to, request.name(), KbAlias.Origin.CURATED);
        }
        for (String alias : request.aliases()) {
            name(from, alias, KbAlias.Origin.BLOCKED);
            name(to, alias, KbAlias.Origin.CURATED);
        }
        curated(actor, "split", from.id, String.join(", ", request.aliases()) + " to " + to.id);
        return describe(to);
    }

    /** One row of the curation log, in the curation's own transaction. */
    private void curated(String actor, String action, String entityId, String detail) {
        // what callers sent (aliases, names) is normalised like every stored text: no NUL or other controls
        String text = detail == null ? null : TextNormalizer.normalize(detail);
        em.createNativeQuery("insert into kb_curation (actor, action, entity_id, detail) values (?1, ?2, ?3, ?4)")
                .setParameter(1, TextNormalizer.normalize(actor)).setParameter(2, action).setParameter(3, entityId)
                .setParameter(4, text == null ? null : text.substring(0, Math.min(text.length(), 2000)))
                .executeUpdate();
    }

    /** The curation log, newest first: who changed what and when. */
    @Transactional
    public List<dev.dragoman.nlp.model.CurationEvent> curationLog(Instant since, int size) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select at, actor, action, entity_id, detail from kb_curation
                        where at >= ?1 order by at desc, id desc limit ?2""", Object[].class)
                .setParameter(1, java.sql.Timestamp.from(since)).setParameter(2, size).getResultList();
        return rows.stream().map(r -> new dev.dragoman.nlp.model.CurationEvent(
                r[0] instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) r[0],
                (String) r[1], (String) r[2], (String) r[3], (String) r[4])).toList();
    }

    private void name(KbEntity entity, String rawSurface, KbAlias.Origin origin) {
        String surface = TextNormalizer.normalize(rawSurface);
        if (surface.length() > MAX_CURATED_NAME_CHARS) {
            throw ProblemException.badRequest("Invalid alias", "a name has at most " + MAX_CURATED_NAME_CHARS
                    + " characters; got " + surface.length());
        }
        String key = EntityLinker.aliasKey(surface);
        if (key.isEmpty()) {
            throw ProblemException.badRequest("Invalid alias", "'" + surface + "' has no letters or digits to link by");
        }
        KbAlias alias = KbAlias.find(key, entity.id);
        if (alias == null) {
            alias = new KbAlias();
            alias.alias = key;
            alias.entityId = entity.id;
            alias.surface = surface.strip();
        }
        alias.origin = origin;
        alias.updatedAt = Instant.now();
        alias.persist();
    }

    private static KbEntity existing(String id) {
        // an id with a control character (NUL above all, which PostgreSQL refuses) names no entity
        KbEntity entity = id.equals(TextNormalizer.normalize(id)) ? KbEntity.findById(id) : null;
        if (entity == null) {
            throw new ProblemException(404, "Unknown entity", "the knowledge base has no entity '" + id + "'");
        }
        return entity;
    }

    /** An entity that curation may change: one not merged away. */
    private static KbEntity current(String id) {
        KbEntity entity = existing(id);
        if (entity.mergedInto != null) {
            throw new ProblemException(409, "Entity merged", id + " was merged into " + entity.mergedInto
                    + "; curate that one");
        }
        return entity;
    }

    private KnownEntity describe(KbEntity entity) {
        List<String> mergedFrom = KbEntity.<KbEntity>list("mergedInto = ?1 order by id", entity.id).stream()
                .map(e -> e.id).toList();
        List<String> owners = new ArrayList<>(mergedFrom);
        owners.add(0, entity.id);
        List<KnownEntity.Alias> aliases = KbAlias.<KbAlias>list(
                        "entityId in ?1 order by origin, observations desc, alias", owners).stream()
                .map(a -> new KnownEntity.Alias(a.surface, a.alias, a.entityId, a.origin.name(), a.observations)).toList();
        return new KnownEntity(entity.id, entity.type, entity.name, entity.mergedInto, mergedFrom, entity.curated,
                entity.mentions, entity.articles, entity.firstSeen, entity.lastSeen, aliases, externalIds(entity.id));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
