package dev.dragoman.nlp.linking;

import dev.dragoman.common.api.EntityType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The reference knowledge base: countries, cities, international organisations, office holders and companies of
 * {@code ../shared/data/kb}, compiled at build time into {@code linking/reference.tsv.gz} (src/build/KbCompiler.java)
 * and held in memory, read-only, by name. An entity's id is {@code kind:slug} of its canonical name (the label, with
 * the hand tables' spelling and legal forms folded), so an id depends on the reference data, never on the tagger.
 */
public final class ReferenceData {

    /**
     * One reference entity.
     *
     * @param prior how often news means this entity by one of its names, relative to the others (countries highest,
     *              then leaders, big cities, international bodies, companies)
     */
    public record Entity(String id, EntityType type, String name, String qid, String geonamesId, String secCik,
                         int prior) {
    }

    /** How a name reached an entity: its own name, a ticker, or the surname of a leader. */
    public enum Via {
        NAME, CODE, SURNAME
    }

    public record Reading(Entity entity, Via via) {
    }

    private final Map<String, Entity> byId = new HashMap<>();
    /** Names and codes to entity ids: entities merge while loading, so the maps hold ids, not entities. */
    private record Ref(String id, Via via) {
    }

    private final Map<String, List<Ref>> byKey = new HashMap<>();
    private final Map<String, List<Ref>> byCode = new HashMap<>();

    /** Loaded once, on first use. */
    private static final class Bundled {
        static final ReferenceData DATA = new ReferenceData();

        static {
            DATA.load("/linking/reference.tsv.gz", Names.bundled());
        }
    }

    /** The bundled reference data, loaded once per JVM (about 36,000 entities). */
    public static ReferenceData bundled() {
        return Bundled.DATA;
    }

    private void load(String resource, Names names) {
        try (InputStream raw = ReferenceData.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException(resource + " missing: it is built from ../shared/data/kb by the "
                        + "nlp-service build (src/build/KbCompiler.java)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
            List<String[]> rows = new ArrayList<>(40_000);
            java.util.Set<String> orgKeys = new java.util.HashSet<>();
            for (String line; (line = reader.readLine()) != null; ) {
                String[] cells = line.split("\t", -1);
                rows.add(cells);
                if (cells[0].equals("org")) {
                    orgKeys.add(names.key(cells[1]));
                    for (String other : split(cells[6])) {
                        orgKeys.add(names.key(other));
                    }
                }
            }
            for (String[] cells : rows) {
                EntityType type = switch (cells[0]) {
                    case "place" -> EntityType.LOCATION;
                    case "person" -> EntityType.PERSON;
                    default -> EntityType.ORGANIZATION;
                };
                // "Ford Motor Company" is the brand "Ford": one entity
                String name = names.canonical(type, cells[1], split(cells[6]));
                if (type == EntityType.ORGANIZATION) {
                    name = names.withoutDescriptor(name, orgKeys::contains);
                }
                add(names, type, name, cells[1], cells[2], cells[3], cells[4], Integer.parseInt(cells[5]),
                        split(cells[6]), split(cells[7]), split(cells[8]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(Names names, EntityType type, String name, String label, String qid, String geonames,
                     String cik, int prior, String[] allNames, String[] codes, String[] surnames) {
        String id = EntityLinker.id(type, name);
        Entity existing = byId.get(id);
        Entity entity;
        if (existing == null) {
            entity = new Entity(id, type, name, blankToNull(qid), blankToNull(geonames), blankToNull(cik), prior);
        } else {
            // the same entity from two sources (the S&P 500 row "Ford Motor Company" and the brand "Ford")
            entity = new Entity(id, type, name, existing.qid() != null ? existing.qid() : blankToNull(qid),
                    existing.geonamesId() != null ? existing.geonamesId() : blankToNull(geonames),
                    existing.secCik() != null ? existing.secCik() : blankToNull(cik), Math.max(prior, existing.prior()));
        }
        byId.put(id, entity);
        index(byKey, names.key(label), entity, Via.NAME);
        index(byKey, names.key(name), entity, Via.NAME);
        for (String other : allNames) {
            index(byKey, names.key(other), entity, Via.NAME);
        }
        for (String code : codes) {
            index(byCode, code, entity, Via.CODE);
        }
        for (String surname : surnames) {
            index(byKey, names.key(surname), entity, Via.SURNAME);
            index(byKey, names.key(names.canonicalPerson(new String[] {surname})), entity,
                    Via.SURNAME);
        }
    }

    private static void index(Map<String, List<Ref>> map, String key, Entity entity, Via via) {
        if (key.isEmpty()) {
            return;
        }
        List<Ref> refs = map.computeIfAbsent(key, k -> new ArrayList<>(1));
        for (Ref r : refs) {
            if (r.id().equals(entity.id())) {
                return; // a name counts once per entity, by its strongest way in (NAME is indexed first)
            }
        }
        refs.add(new Ref(entity.id(), via));
    }

    /** The readings of a name key (see {@link Names#key}). */
    public List<Reading> byName(String key) {
        return readings(byKey.get(key));
    }

    /** The readings of a code as written ("GM": a ticker). */
    public List<Reading> byCode(String code) {
        return readings(byCode.get(code));
    }

    private List<Reading> readings(List<Ref> refs) {
        if (refs == null) {
            return List.of();
        }
        List<Reading> readings = new ArrayList<>(refs.size());
        for (Ref ref : refs) {
            readings.add(new Reading(byId.get(ref.id()), ref.via()));
        }
        return readings;
    }

    public Entity get(String id) {
        return byId.get(id);
    }

    public int size() {
        return byId.size();
    }

    private static String[] split(String cell) {
        return cell.isEmpty() ? new String[0] : cell.split("\\|");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
