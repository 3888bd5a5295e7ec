package dev.dragoman.nlp.linking;

import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Links mentions to canonical entities with stable ids. Within one document a surname alone ("Lavrov") joins the
 * person named in full ("Sergei Lavrov"); across documents, spelling and transliteration variants
 * ("Sergei"/"Sergey", "Kiev"/"Kyiv") meet in one canonical name, and so one id.
 */
public final class EntityLinker {

    /** A tagged span before linking. */
    public record RawMention(int start, int end, String text, EntityType type) {
    }

    private record Alias(String canonical, String type) {
    }

    private final Map<String, Alias> aliases;
    private final Map<String, String> givenNames;
    private final java.util.Set<String> givenNameSpellings;
    /** Adjectives of countries ("ukrainian"), from linking/affiliations.tsv. */
    private final java.util.Set<String> demonyms;
    private static final java.util.regex.Pattern DEMONYM_ENDING = java.util.regex.Pattern.compile(
            "(?:ian|ean|an|ese|ish|i|ch|ss|ek)$");

    public EntityLinker() {
        this.aliases = new HashMap<>();
        for (String[] row : table("/linking/aliases.tsv")) {
            aliases.put(key(row[0]), new Alias(row[1], row.length > 2 ? row[2] : "*"));
        }
        this.demonyms = new java.util.HashSet<>();
        for (String[] row : table("/linking/affiliations.tsv")) {
            // "ukrainian" -> "ukraine": an adjective of a country, not the country's name or a body like "kremlin"
            if (!row[0].equals(row[1]) && DEMONYM_ENDING.matcher(row[0]).find()) {
                demonyms.add(row[0]);
            }
        }
        this.givenNames = new HashMap<>();
        this.givenNameSpellings = new java.util.HashSet<>();
        for (String[] row : table("/linking/given-names.tsv")) {
            givenNames.put(key(row[0]), row[1]);
            givenNameSpellings.add(key(row[1]));
        }
    }

    public List<EntityMention> link(List<RawMention> tagged) {
        List<RawMention> mentions = oneTypePerName(tagged);
        // people named in full in this document, by surname: "lavrov" -> "Sergey Lavrov"
        Map<String, String> peopleBySurname = new HashMap<>();
        for (RawMention mention : mentions) {
            String surface = clean(mention.text());
            String[] parts = surface.split("\\s+");
            if (personType(mention.type(), parts) == EntityType.PERSON && parts.length >= 2) {
                String canonical = canonicalPerson(parts);
                peopleBySurname.putIfAbsent(key(parts[parts.length - 1]), canonical);
            }
        }
        List<EntityMention> linked = new ArrayList<>(mentions.size());
        for (RawMention mention : mentions) {
            String surface = clean(mention.text());
            if (surface.isEmpty()) {
                continue;
            }
            String[] parts = surface.split("\\s+");
            EntityType type = personType(mention.type(), parts);
            if (type == EntityType.LOCATION && demonyms.contains(key(surface))) {
                type = EntityType.MISC; // "Ukrainian" describes; it is not the place Ukraine
            }
            String canonical;
            String fullName = parts.length == 1 ? peopleBySurname.get(key(surface)) : null;
            if (fullName != null) {
                // "Lavrov" after "Sergei Lavrov": the same person, whatever the tagger called this mention
                type = EntityType.PERSON;
                canonical = fullName;
            } else if (type == EntityType.PERSON && !(parts.length == 1 && isPlace(aliases.get(key(surface))))) {
                canonical = canonicalPerson(parts);
            } else {
                Alias alias = aliases.get(key(surface));
                if (alias != null && !alias.type().equals("*")) {
                    // "US" is the country whether the tagger saw an organisation or a place
                    type = EntityType.valueOf(alias.type());
                }
                canonical = alias != null ? alias.canonical() : surface;
            }
            linked.add(new EntityMention(mention.start(), mention.end(), mention.text(), type, id(type, canonical),
                    canonical));
        }
        return linked;
    }

    /**
     * One name, one type within a document: "Doha" tagged a place twice and a person once is a place. The type the
     * tagger gave most often wins; on a tie, the first one.
     */
    static List<RawMention> oneTypePerName(List<RawMention> mentions) {
        Map<String, Map<EntityType, Integer>> votes = new HashMap<>();
        for (RawMention mention : mentions) {
            votes.computeIfAbsent(key(clean(mention.text())), k -> new java.util.LinkedHashMap<>())
                    .merge(mention.type(), 1, Integer::sum);
        }
        List<RawMention> consistent = new ArrayList<>(mentions.size());
        for (RawMention mention : mentions) {
            Map<EntityType, Integer> types = votes.get(key(clean(mention.text())));
            EntityType winner = mention.type();
            int best = 0;
            for (var vote : types.entrySet()) {
                if (vote.getValue() > best) {
                    best = vote.getValue();
                    winner = vote.getKey();
                }
            }
            consistent.add(winner == mention.type() ? mention
                    : new RawMention(mention.start(), mention.end(), mention.text(), winner));
        }
        return consistent;
    }

    /** A table entry that makes a name a place whatever the tagger said ("Doha" alone is not a person). */
    private static boolean isPlace(Alias alias) {
        return alias != null && alias.type().equals("LOCATION");
    }

    /** "Volodymyr Zelensky" is a person even where the tagger saw an organisation: it begins with a given name. */
    private EntityType personType(EntityType tagged, String[] parts) {
        if (tagged != EntityType.PERSON && parts.length >= 2 && parts.length <= 3 && givenNames.containsKey(key(parts[0]))) {
            return EntityType.PERSON;
        }
        return tagged;
    }

    private String canonicalPerson(String[] parts) {
        String[] canonical = parts.clone();
        String given = givenNames.get(key(parts[0]));
        if (given != null && parts.length > 1) {
            canonical[0] = given;
        }
        Alias surname = aliases.get(key(parts[parts.length - 1]));
        if (surname != null) {
            canonical[canonical.length - 1] = surname.canonical();
        }
        return String.join(" ", canonical);
    }

    /** Stable id: a type prefix and a slug of the canonical name, e.g. person:sergey-lavrov, place:kyiv. */
    public static String id(EntityType type, String canonical) {
        String prefix = switch (type) {
            case PERSON -> "person";
            case ORGANIZATION -> "org";
            case LOCATION -> "place";
            case MISC -> "misc";
        };
        String slug = fold(canonical).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return prefix + ":" + (slug.isEmpty() ? "unnamed" : slug);
    }

    /** Whether a word is a given name of the transliteration table ("Volodymyr", "Sergei", "Donald"). */
    public boolean isGivenName(String word) {
        String key = key(word);
        return givenNames.containsKey(key) || givenNameSpellings.contains(key);
    }

    /** The knowledge base's lookup key of a mention: "Mr Lavrov's" and "LAVROV" -> "lavrov". */
    public static String aliasKey(String mentionText) {
        return key(clean(mentionText)).replaceAll("\\s+", " ");
    }

    /**
     * Whether the document said nothing more about this mention than its own word: a lone "Lavrov" with no
     * "Sergei Lavrov" nearby. Only such mentions are linked by what other articles taught the knowledge base.
     */
    public static boolean standsAlone(EntityMention mention) {
        String surface = clean(mention.text());
        return !surface.isEmpty() && !surface.contains(" ") && id(mention.type(), surface).equals(mention.entityId());
    }

    /** Titles that precede a name and are not part of it: "Mr Blair" is Blair. */
    private static final java.util.regex.Pattern HONORIFIC = java.util.regex.Pattern.compile(
            "^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Gen|Col|Capt|Lt|Sgt|Sen|Rep|Gov|Rev|Fr|St|President"
            + "|Premier|Chancellor|Senator|Governor|Minister|General|King|Queen|Prince|Princess|Pope|Sheikh|Ayatollah"
            + "|Judge|Justice|Mayor|Secretary|Ambassador)\\.?\\s+)+(?=\\p{Lu})");

    /** Drops a possessive, surrounding punctuation and leading titles: "Mr Lavrov's" -> "Lavrov". */
    static String clean(String text) {
        String cleaned = text.strip().replaceAll("['\u2019\u02bc]s$", "");
        cleaned = cleaned.replaceAll("^[\\p{Punct}\u201c\u201d]+|[\\p{Punct}\u201c\u201d&&[^.]]+$", "").strip();
        return HONORIFIC.matcher(cleaned).replaceFirst("");
    }

    private static String key(String text) {
        return fold(text).toLowerCase(Locale.ROOT);
    }

    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    static List<String[]> table(String resource) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = EntityLinker.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
