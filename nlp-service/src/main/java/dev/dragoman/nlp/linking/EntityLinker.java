package dev.dragoman.nlp.linking;

import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links mentions to canonical entities with stable ids, in two steps.
 * <ol>
 *   <li>Each name on its own: the hand tables of spelling variants, then every reading the reference knowledge base
 *   ({@link ReferenceData}) gives it — its own name, a ticker ("GM"), a leader's surname ("Zelensky") — weighed by
 *   how often news means that entity and whether the tagger's type agrees. Legal forms and corporate suffixes are
 *   folded ("Apple Inc.", "Chrysler Group LLC"); titles and ranks are dropped only where they are not part of a
 *   known name ("President Putin", but "General Motors"). The id's kind is the reference entity's, so a name the
 *   tagger calls a place once and an organisation once is still one entity.</li>
 *   <li>The document's own evidence: a lone surname ("Lavrov") or first name ("Steve") joins the one person the
 *   document names in full; an acronym joins the name it stands for, where the text defines it ("General Motors
 *   (GM)") or where it is a name's initials ("U.S. Air Force" / "USAF"); a name without its country ("Air Force")
 *   joins the full one.</li>
 * </ol>
 * Every step is a few hash lookups per mention: linking stays linear in the number of mentions.
 */
public final class EntityLinker {

    /** A tagged span before linking. */
    public record RawMention(int start, int end, String text, EntityType type) {
    }

    /** What a name links to. {@code reference} is the reference entity, if it is one. */
    private record Target(EntityType type, String name, String id, ReferenceData.Entity reference) {
    }

    /** A document-evidence key that two different entities claim: it links neither. */
    private static final Target AMBIGUOUS = new Target(EntityType.MISC, "", "", null);

    /** Weight of a reading by the way the name reached the entity. */
    private static final double NAME_WEIGHT = 1.0;
    private static final double CODE_WEIGHT = 0.6;
    private static final double SURNAME_WEIGHT = 0.3;
    /** Added to a reading whose type is the tagger's: the context votes. */
    private static final int AGREEMENT = 400;

    /**
     * An acronym defined right after a name: "General Motors (GM)", Reuters' "<Mazda Motor Manufacturing (USA) Corp>
     * (MMUC)" (the name's closing ">" is no part of the tagger's span: a symbol) or its ticker "Chrysler Corp <C>".
     */
    private static final Pattern DEFINITION = Pattern.compile("^[\\s>]*[(<]\\s*([A-Z][A-Za-z.&]{1,9})\\s*[)>]");
    private static final Pattern ACRONYM = Pattern.compile("[A-Z][A-Z&]{1,7}");
    /** Compiled once: these run for every mention. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern SLUG_EDGES = Pattern.compile("(^-|-$)");
    private static final Pattern DEMONYM_ENDING = Pattern.compile("(?:ian|ean|an|ese|ish|i|ch|ss|ek)$");

    private final Names names;
    private final ReferenceData reference;
    /**
     * The country each adjective of linking/affiliations.tsv names: "russian" -> place:russia (an adjective of a
     * country, not the country's name or a body like "kremlin").
     */
    private static final class DemonymCountries {
        static final Map<String, String> BY_ADJECTIVE = new HashMap<>();

        static {
            for (String[] row : Names.table("/linking/affiliations.tsv")) {
                if (!row[0].equals(row[1]) && DEMONYM_ENDING.matcher(row[0]).find()) {
                    BY_ADJECTIVE.put(row[0], id(EntityType.LOCATION, row[1]));
                }
            }
        }
    }
    /** Country names and adjectives that may stand before a body's name: "U.S." of "U.S. Air Force". */
    private final Set<String> affiliations = new HashSet<>();

    public EntityLinker() {
        this(Names.bundled(), ReferenceData.bundled());
    }

    EntityLinker(Names names, ReferenceData reference) {
        this.names = names;
        this.reference = reference;
        for (String[] row : Names.table("/linking/affiliations.tsv")) {
            affiliations.add(row[0]);
        }
    }

    /** Links mentions of a text whose characters are unknown (no acronym definitions are read). */
    public List<EntityMention> link(List<RawMention> tagged) {
        return link("", tagged);
    }

    public List<EntityMention> link(String text, List<RawMention> tagged) {
        List<RawMention> mentions = oneTypePerName(tagged);
        int n = mentions.size();
        String[] surfaces = new String[n];
        Target[] base = new Target[n];
        for (int i = 0; i < n; i++) {
            RawMention mention = mentions.get(i);
            surfaces[i] = surface(mention.text(), mention.type());
            base[i] = surfaces[i].isEmpty() ? null : resolve(surfaces[i], mention.type());
        }
        // the document's evidence, from the names it writes in full
        Map<String, Target> bySurname = new HashMap<>();
        Map<String, Target> byGivenName = new HashMap<>();
        Map<String, Target> definitions = new HashMap<>();
        Map<String, Target> byInitials = new HashMap<>();
        Map<String, Target> byTail = new HashMap<>();
        Map<String, Target> byHead = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (base[i] == null) {
                continue;
            }
            String[] words = WHITESPACE.split(surfaces[i]);
            if (words.length < 2) {
                continue;
            }
            if (base[i].type() == EntityType.PERSON) {
                bySurname.putIfAbsent(Names.lower(words[words.length - 1]), base[i]);
                String given = names.givenName(words[0]);
                claim(byGivenName, Names.lower(given != null ? given : words[0]), base[i]);
                continue;
            }
            RawMention mention = mentions.get(i);
            if (!text.isEmpty() && mention.end() <= text.length()) {
                Matcher definition = DEFINITION.matcher(text.subSequence(mention.end(), Math.min(text.length(),
                        mention.end() + 16)));
                if (definition.find()) {
                    claim(definitions, definition.group(1).replace(".", "").replace("&", ""), base[i]);
                }
            }
            String initials = initials(words);
            if (initials.length() >= 2) {
                claim(byInitials, initials, base[i]);
            }
            String tail = tail(words);
            if (tail != null) {
                claim(byTail, names.key(tail), base[i]);
            } else if (base[i].type() == EntityType.ORGANIZATION) {
                // "Toyota" of "Toyota Motor Corp": the name is one word and its trade; not "Senate" of "Senate
                // Finance Committee", another body
                String head = names.withoutDescriptor(names.withoutLegalForm(surfaces[i]), key -> true);
                if (head.indexOf(' ') < 0) {
                    claim(byHead, Names.lower(head), base[i]);
                }
            }
        }
        List<EntityMention> linked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (base[i] == null) {
                continue;
            }
            RawMention mention = mentions.get(i);
            Target target = fromDocument(surfaces[i], mention.type(), base[i], bySurname, byGivenName, definitions,
                    byInitials, byTail, byHead);
            EntityType type = target.type();
            if (mention.type() == EntityType.LOCATION && target.type() != EntityType.PERSON
                    && DemonymCountries.BY_ADJECTIVE.containsKey(Names.lower(surfaces[i]))) {
                type = EntityType.MISC; // "Ukrainian" describes; it is not the place Ukraine
                target = new Target(type, surfaces[i], id(type, surfaces[i]), null);
            }
            linked.add(new EntityMention(mention.start(), mention.end(), mention.text(), type, target.id(),
                    target.name()));
        }
        return linked;
    }

    private Target fromDocument(String surface, EntityType tagged, Target base, Map<String, Target> bySurname,
                                Map<String, Target> byGivenName, Map<String, Target> definitions,
                                Map<String, Target> byInitials, Map<String, Target> byTail,
                                Map<String, Target> byHead) {
        String[] words = WHITESPACE.split(surface);
        // a reference organisation or place the tagger agrees with is not a person's surname ("Ford" the company)
        boolean settled = base.reference() != null && base.type() != EntityType.PERSON && base.type() == tagged;
        if (words.length == 1 && !settled) {
            Target person = useful(bySurname.get(Names.lower(surface)));
            if (person == null) {
                Names.Alias alias = names.alias(surface);
                person = alias != null && alias.isType(EntityType.PERSON) && !alias.type().equals("*")
                        ? useful(bySurname.get(Names.lower(alias.canonical()))) : null;
            }
            if (person == null && (base.reference() == null || base.type() == EntityType.PERSON)) {
                String given = names.givenName(surface);
                person = useful(byGivenName.get(Names.lower(given != null ? given : surface)));
            }
            if (person != null) {
                return person;
            }
        }
        String compact = surface.replace(".", "");
        if (words.length == 1 && ACRONYM.matcher(compact).matches() && names.alias(surface) == null) {
            compact = compact.replace("&", ""); // "S&P": Standard & Poor's
            Target expansion = useful(definitions.get(compact));
            if (expansion == null) {
                expansion = useful(byInitials.get(compact));
            }
            if (expansion != null) {
                return expansion;
            }
        }
        if (base.reference() == null && base.type() != EntityType.PERSON) {
            // "Air Force" after "U.S. Air Force"; a lone "Mazda" after "Mazda Motor Corp", where the reference
            // data has no reading of its own
            Target whole = useful(byTail.get(names.key(surface)));
            if (whole == null && words.length == 1) {
                whole = useful(byHead.get(Names.lower(surface)));
            }
            if (whole != null) {
                return whole;
            }
        }
        return base;
    }

    private static Target useful(Target target) {
        return target == AMBIGUOUS ? null : target;
    }

    private static void claim(Map<String, Target> evidence, String key, Target target) {
        Target before = evidence.putIfAbsent(key, target);
        if (before != null && before != AMBIGUOUS && !before.id().equals(target.id())) {
            evidence.put(key, AMBIGUOUS);
        }
    }

    /** "U.S. Air Force" -> "USAF", "General Motors" -> "GM": capitalised words' first letters, abbreviations whole. */
    static String initials(String[] words) {
        StringBuilder initials = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty() || !Character.isUpperCase(word.charAt(0))) {
                continue; // "of", "and", "the"
            }
            if (word.indexOf('.') > 0) {
                word.chars().filter(Character::isUpperCase).forEach(c -> initials.append((char) c));
            } else {
                initials.append(word.charAt(0));
            }
        }
        return initials.toString();
    }

    /** "U.S. Air Force" -> "Air Force": a body's name after a country's name or adjective, or null. */
    private String tail(String[] words) {
        for (int k = Math.min(2, words.length - 1); k >= 1; k--) {
            String head = Names.lower(String.join(" ", java.util.Arrays.copyOfRange(words, 0, k)));
            if (affiliations.contains(head) && Character.isUpperCase(words[k].charAt(0))) {
                return String.join(" ", java.util.Arrays.copyOfRange(words, k, words.length));
            }
        }
        return null;
    }

    /** A name on its own: the hand tables, then the reference readings weighed, then the name itself. */
    private Target resolve(String surface, EntityType tagged) {
        String[] words = WHITESPACE.split(surface);
        EntityType type = personType(tagged, words);
        Names.Alias alias = names.alias(surface);
        String lookup = surface;
        if (alias != null) {
            if (alias.type().equals("PERSON")) {
                lookup = alias.canonical(); // "Zelenskyy" -> "Zelensky", then what the reference says of it
            } else {
                // "US" is the country whether the tagger saw an organisation or a place
                EntityType aliasType = alias.type().equals("*") ? type : EntityType.valueOf(alias.type());
                String id = id(aliasType, alias.canonical());
                return new Target(aliasType, alias.canonical(), id, reference.get(id));
            }
        }
        ReferenceData.Reading best = bestReading(lookup, words, type);
        if (best != null) {
            ReferenceData.Entity entity = best.entity();
            return new Target(entity.type(), entity.name(), entity.id(), entity);
        }
        String canonical;
        if (type == EntityType.PERSON && !ACRONYM.matcher(lookup.replace(".", "")).matches()) {
            canonical = names.canonicalPerson(WHITESPACE.split(lookup));
        } else {
            canonical = names.withoutLegalForm(lookup);
            if (ACRONYM.matcher(canonical.replace(".", "")).matches()) {
                // a stable rule where no reference names it: an unknown acronym is an organisation ("NASA", "UAW"),
                // whatever the tagger called it this time
                type = EntityType.ORGANIZATION;
            }
        }
        return new Target(type, canonical, id(type, canonical), null);
    }

    /** Every reading of the name in the reference data, weighed; null when it has none. */
    private ReferenceData.Reading bestReading(String surface, String[] words, EntityType type) {
        List<ReferenceData.Reading> readings = new ArrayList<>(reference.byName(names.key(surface)));
        if (type == EntityType.PERSON && words.length >= 2) {
            readings.addAll(reference.byName(names.key(names.canonicalPerson(words))));
        }
        String compact = surface.replace(".", "");
        if (words.length == 1 && ACRONYM.matcher(compact).matches()) {
            readings.addAll(reference.byCode(compact));
        }
        if (readings.isEmpty() && words.length >= 2) {
            String plain = names.withoutLegalForm(surface);
            String descriptor = plain.substring(plain.lastIndexOf(' ') + 1);
            String shorter = names.withoutDescriptor(plain, key -> reference.byName(key).stream()
                    .anyMatch(r -> !Names.saysAnotherTrade(r.entity().name(), descriptor)));
            if (!shorter.equals(plain)) {
                for (ReferenceData.Reading reading : reference.byName(names.key(shorter))) {
                    if (!Names.saysAnotherTrade(reading.entity().name(), descriptor)) {
                        readings.add(reading);
                    }
                }
            }
        }
        if (readings.isEmpty()) {
            return null;
        }
        Map<String, ReferenceData.Reading> distinct = new LinkedHashMap<>();
        int surnames = 0;
        for (ReferenceData.Reading reading : readings) {
            ReferenceData.Reading before = distinct.putIfAbsent(reading.entity().id(), reading);
            if (before == null && reading.via() == ReferenceData.Via.SURNAME) {
                surnames++;
            } else if (before != null && reading.via().ordinal() < before.via().ordinal()) {
                distinct.put(reading.entity().id(), reading);
            }
        }
        ReferenceData.Reading best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (ReferenceData.Reading reading : distinct.values()) {
            if (reading.via() == ReferenceData.Via.SURNAME && surnames > 1) {
                continue; // a surname two leaders share names neither
            }
            double weight = switch (reading.via()) {
                case NAME -> NAME_WEIGHT;
                case CODE -> CODE_WEIGHT;
                case SURNAME -> SURNAME_WEIGHT;
            };
            double score = reading.entity().prior() * weight + (reading.entity().type() == type ? AGREEMENT : 0);
            if (score > bestScore) {
                bestScore = score;
                best = reading;
            }
        }
        return best;
    }

    /**
     * The mention's name: possessive and punctuation dropped, and titles or ranks before it unless they belong to a
     * known name ("General Motors") or what follows them is no person's name.
     */
    private String surface(String text, EntityType type) {
        String cleaned = Names.clean(text);
        String untitled = Names.withoutTitles(cleaned);
        if (untitled.equals(cleaned) || known(cleaned)) {
            return cleaned;
        }
        String[] rest = WHITESPACE.split(untitled);
        if (type == EntityType.PERSON || names.isGivenName(rest[0]) || isPerson(untitled)) {
            return untitled;
        }
        return cleaned;
    }

    private boolean known(String name) {
        return names.alias(name) != null || reference.byName(names.key(name)).stream()
                .anyMatch(r -> r.via() == ReferenceData.Via.NAME);
    }

    private boolean isPerson(String name) {
        return reference.byName(names.key(name)).stream().anyMatch(r -> r.entity().type() == EntityType.PERSON);
    }

    /**
     * One name, one type within a document: "Doha" tagged a place twice and a person once is a place. The type the
     * tagger gave most often wins; on a tie, the first one.
     */
    static List<RawMention> oneTypePerName(List<RawMention> mentions) {
        Map<String, Map<EntityType, Integer>> votes = new HashMap<>();
        for (RawMention mention : mentions) {
            votes.computeIfAbsent(Names.lower(Names.clean(mention.text())), k -> new LinkedHashMap<>())
                    .merge(mention.type(), 1, Integer::sum);
        }
        List<RawMention> consistent = new ArrayList<>(mentions.size());
        for (RawMention mention : mentions) {
            Map<EntityType, Integer> types = votes.get(Names.lower(Names.clean(mention.text())));
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

    /** "Volodymyr Zelensky" is a person even where the tagger saw an organisation: it begins with a given name. */
    private EntityType personType(EntityType tagged, String[] parts) {
        if (tagged != EntityType.PERSON && parts.length >= 2 && parts.length <= 3 && names.givenName(parts[0]) != null
                && !hasLegalForm(parts)) {
            return EntityType.PERSON;
        }
        return tagged;
    }

    /** "John Middleton Inc" is a company, whatever its first word. */
    private boolean hasLegalForm(String[] parts) {
        String name = String.join(" ", parts);
        return !names.withoutLegalForm(name).equals(name);
    }

    /** Stable id: a kind and a slug of the canonical name, e.g. person:sergey-lavrov, place:kyiv, org:general-motors. */
    public static String id(EntityType type, String canonical) {
        String prefix = switch (type) {
            case PERSON -> "person";
            case ORGANIZATION -> "org";
            case LOCATION -> "place";
            case MISC -> "misc";
        };
        String slug = SLUG_EDGES.matcher(NOT_SLUG.matcher(Names.lower(canonical)).replaceAll("-")).replaceAll("");
        return prefix + ":" + (slug.isEmpty() ? "unnamed" : slug);
    }

    /**
     * The country a demonym names ("Russian" -> place:russia), or null: in an event, "Russian and US diplomats"
     * are Russia and the United States taking part.
     */
    public static String demonymCountry(String mentionText) {
        return DemonymCountries.BY_ADJECTIVE.get(Names.lower(Names.clean(mentionText)));
    }

    /** News outlets (linking/outlets.txt), by canonical name in lower case. */
    private static final class Outlets {
        static final Set<String> NAMES = new HashSet<>();

        static {
            Names.table("/linking/outlets.txt").forEach(row -> NAMES.add(row[0].strip()));
        }
    }

    /** Whether a mention names a news outlet ("TASS", "Anadolu"): it reports quotes and events, it takes no part. */
    public static boolean isOutlet(EntityMention mention) {
        String name = mention.canonicalName() != null ? mention.canonicalName() : mention.text();
        return mention.type() == EntityType.ORGANIZATION && isOutletName(name);
    }

    /** Whether a name, as the text writes it ("Kyiv Independent", "TASS"), is one of the news outlets. */
    public static boolean isOutletName(String name) {
        return Outlets.NAMES.contains(Names.lower(name.strip()));
    }

    /** Whether a word is a given name of the transliteration table ("Volodymyr", "Sergei", "Donald"). */
    public boolean isGivenName(String word) {
        return names.isGivenName(word);
    }

    /** The reference entity an id names (with its Wikidata and GeoNames ids), or null. */
    public static ReferenceData.Entity reference(String id) {
        return ReferenceData.bundled().get(id);
    }

    /** The knowledge base's lookup key of a mention: "Mr Lavrov's" and "LAVROV" -> "lavrov"; "General Motors" stays. */
    public static String aliasKey(String mentionText) {
        Names names = Names.bundled();
        String cleaned = Names.clean(mentionText);
        String untitled = Names.withoutTitles(cleaned);
        boolean known = names.alias(cleaned) != null || !ReferenceData.bundled().byName(names.key(cleaned)).isEmpty();
        return WHITESPACE.matcher(Names.lower(known ? cleaned : untitled)).replaceAll(" ");
    }

    /**
     * Whether the document and the reference data said nothing more about this mention than its own word: a lone
     * "Lavrov" with no "Sergei Lavrov" nearby and no reference entity. Only such mentions are linked by what other
     * articles taught the knowledge base.
     */
    public static boolean standsAlone(EntityMention mention) {
        String surface = Names.withoutTitles(Names.clean(mention.text()));
        return !surface.isEmpty() && !surface.contains(" ") && reference(mention.entityId()) == null
                && id(mention.type(), surface).equals(mention.entityId());
    }

    /** Rows of a bundled tab-separated table (comments and blank lines skipped). */
    static List<String[]> table(String resource) {
        return Names.table(resource);
    }
}
