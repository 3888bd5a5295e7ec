package dev.dragoman.nlp.linking;

import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People named by their office: "Russia's foreign minister", "the Kremlin spokesman". A document first binds an
 * office to a person where both stand together ("Russian Foreign Minister Sergei Lavrov", "Dmitry Peskov, the
 * Kremlin spokesman,"); the office on its own then becomes a mention of that person, but only where the document
 * binds it to exactly one person: "the president" in an article about three presidents stays unlinked.
 */
public final class TitleMentions {

    /** Offices, longest first so "foreign minister" wins over "minister"; any capitalisation. */
    private static final String ROLE = "(?<role>(?i:(?:deputy\\s+)?(?:foreign|defen[cs]e|interior|finance|economy|energy"
            + "|justice|health|trade|home)\\s+(?:minister|secretary)|secretary\\s+of\\s+state|secretary[- ]general"
            + "|national\\s+security\\s+advis[eo]r|press\\s+secretary|chief\\s+of\\s+staff|(?:special\\s+)?envoy"
            + "|spokes(?:man|woman|person)|vice[- ]president|president|prime\\s+minister|chancellor|ambassador|minister))";

    private record Office(String affiliation, String role) {
    }

    private final Map<String, String> affiliations;
    /** "Russian Foreign Minister " right before a name. */
    private final Pattern beforeName;
    /** ", Russia's foreign minister" or ", the Kremlin spokesman" right after a name. */
    private final Pattern afterName;
    /** An office on its own: "the foreign minister", "Russia's foreign minister", "Kremlin spokesman". */
    private final Pattern office;

    /**
     * @param affiliations names and adjectives of countries and bodies, lower case, to one key each ("russian" and
     *                     "russia" -> "russia"; "us", "u.s.", "american" -> "united states"; "kremlin" -> "kremlin")
     */
    public TitleMentions(Map<String, String> affiliations) {
        this.affiliations = affiliations;
        // Who holds the office: a known name or adjective, capitalised as in running text, maybe possessive.
        // as a trie of characters (one branch per first letter, and so on) rather than a flat alternation of some 300
        // names: the patterns below try it at every position of a text, and a flat alternation tries every name there
        java.util.TreeSet<String> forms = new java.util.TreeSet<>();
        for (String name : affiliations.keySet()) {
            forms.add(capitalised(name));
            forms.add(name.toUpperCase(Locale.ROOT)); // all-capital forms too: "US", "EU", "UN", "NATO"
        }
        String names = forms.isEmpty() ? "(?!)" : Trie.of(forms).regex();
        String affiliation = "(?<affil>" + names + ")(?:['\u2019]s)?";
        this.beforeName = Pattern.compile("(?:\\b" + affiliation + "\\s+)?" + ROLE + "\\s+$");
        this.afterName = Pattern.compile("^,\\s+(?:the\\s+)?(?:" + affiliation + "\\s+)?" + ROLE + "\\b");
        this.office = Pattern.compile("(?<the>\\b[Tt]he\\s+)?(?:\\b" + affiliation + "\\s+)?" + ROLE
                + "\\b(?!\\s*\\p{Lu})(?!-)");
    }

    /** Affiliations from {@code linking/affiliations.tsv} and the English names of every ISO 3166 country. */
    public static TitleMentions bundled() {
        Map<String, String> affiliations = new HashMap<>();
        for (String country : Locale.getISOCountries()) {
            String name = new Locale("", country).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (!name.isBlank() && !name.contains("&") && !name.contains("(") && !name.contains(",")) {
                affiliations.put(name, name);
            }
        }
        for (String[] row : EntityLinker.table("/linking/affiliations.tsv")) {
            affiliations.put(row[0], row[1]);
        }
        return new TitleMentions(affiliations);
    }

    /** "united states" -> "United States", "u.s." -> "U.s.": the name as running text capitalises it. */
    private static String capitalised(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return out.toString();
    }

    /**
     * Literal names as one regular expression that branches by character: a space stands for any run of white
     * space, and where one name is the start of another ("Russia", "Russian") the longer is tried first.
     */
    private static final class Trie {
        private final java.util.TreeMap<Character, Trie> next = new java.util.TreeMap<>();
        private boolean end;

        static Trie of(Iterable<String> names) {
            Trie root = new Trie();
            for (String name : names) {
                Trie node = root;
                for (char c : name.toCharArray()) {
                    node = node.next.computeIfAbsent(c, k -> new Trie());
                }
                node.end = true;
            }
            return root;
        }

        String regex() {
            List<String> branches = new ArrayList<>();
            next.forEach((c, child) -> branches.add((c == ' ' ? "\\s+" : Character.isLetterOrDigit(c)
                    ? String.valueOf(c) : "\\" + c) + child.regex()));
            if (branches.isEmpty()) {
                return "";
            }
            String group = branches.size() == 1 ? branches.get(0) : "(?:" + String.join("|", branches) + ")";
            return end ? "(?:" + group + ")?" : group;
        }
    }

    private static final Pattern ENDS_WITH_OFFICE = Pattern.compile("\\b" + ROLE + "$");

    /** Whether a mention's text is an office ("Kremlin spokesman"): its holder changes, so it is no lasting alias. */
    public static boolean isOffice(String mentionText) {
        return ENDS_WITH_OFFICE.matcher(mentionText.strip()).find();
    }

    /** The mentions with the office mentions this document resolves added, in text order. */
    public List<EntityMention> addOffices(String text, List<EntityMention> mentions) {
        Map<Office, Set<EntityMention>> holders = new HashMap<>();
        for (EntityMention person : mentions) {
            if (person.type() != EntityType.PERSON) {
                continue;
            }
            int from = Math.max(0, person.start() - 80);
            Matcher before = beforeName.matcher(text.substring(from, person.start()));
            if (before.find()) {
                bind(holders, before, person);
            }
            Matcher after = afterName.matcher(text.substring(person.end(), Math.min(text.length(), person.end() + 80)));
            if (after.find()) {
                bind(holders, after, person);
            }
        }
        if (holders.isEmpty()) {
            return mentions;
        }
        List<EntityMention> all = new ArrayList<>(mentions);
        Matcher office = this.office.matcher(text);
        while (office.find()) {
            String affiliation = affiliation(office);
            if (affiliation == null && office.group("the") == null) {
                continue; // a bare "president" is too vague
            }
            int start = office.group("affil") != null ? office.start("affil") : office.start("role");
            int end = office.end("role");
            if (overlaps(mentions, start, end, true) || overlaps(mentions, office.start("role"), end, false)) {
                continue; // part of a name, or an office word the tagger took for a name ("Foreign Minister")
            }
            EntityMention holder = holder(holders, affiliation, normalise(office.group("role")));
            if (holder != null) {
                all.add(new EntityMention(start, end, text.substring(start, end), EntityType.PERSON,
                        holder.entityId(), holder.canonicalName()));
            }
        }
        all.sort(Comparator.comparingInt(EntityMention::start));
        return all;
    }

    private void bind(Map<Office, Set<EntityMention>> holders, Matcher match, EntityMention person) {
        String role = normalise(match.group("role"));
        String affiliation = affiliation(match);
        holders.computeIfAbsent(new Office(affiliation, role), o -> new LinkedHashSet<>()).add(person);
        holders.computeIfAbsent(new Office(null, role), o -> new LinkedHashSet<>()).add(person);
    }

    /** The one person the document gives this office, or null when none or several. */
    private static EntityMention holder(Map<Office, Set<EntityMention>> holders, String affiliation, String role) {
        Set<EntityMention> candidates = holders.get(new Office(affiliation, role));
        if (candidates == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        candidates.forEach(c -> ids.add(c.entityId()));
        return ids.size() == 1 ? candidates.iterator().next() : null;
    }

    private String affiliation(Matcher match) {
        String affil = match.group("affil");
        return affil == null ? null : affiliations.get(affil.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
    }

    private static String normalise(String role) {
        return role.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace("defense", "defence")
                .replace("adviser", "advisor").replace("spokeswoman", "spokesperson").replace("spokesman", "spokesperson");
    }

    /** Whether a mention (a person's only, if {@code peopleOnly}) overlaps start..end. */
    private static boolean overlaps(List<EntityMention> mentions, int start, int end, boolean peopleOnly) {
        for (EntityMention m : mentions) {
            if (m.start() < end && start < m.end() && (!peopleOnly || m.type() == EntityType.PERSON)) {
                return true;
            }
        }
        return false;
    }
}
