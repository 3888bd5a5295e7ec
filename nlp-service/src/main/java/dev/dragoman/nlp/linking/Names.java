package dev.dragoman.nlp.linking;

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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How names are written and compared: lookup keys (case, diacritics, legal forms and corporate suffixes folded),
 * the hand tables of spelling variants ({@code linking/aliases.tsv}, {@code linking/given-names.tsv}), titles and
 * ranks before a name, and the canonical spelling an id is made from.
 */
public final class Names {

    /** A hand-table variant: its canonical name and the type it has whatever the tagger said ("*": any). */
    public record Alias(String canonical, String type) {
        boolean isType(EntityType other) {
            return type.equals("*") || type.equals(other.name());
        }
    }

    private final Map<String, Alias> aliases = new HashMap<>();
    /** The hand table's canonical names themselves ("zaporizhzhia" -> Zaporizhzhia). */
    private final Map<String, Alias> canonicals = new HashMap<>();
    private final Map<String, String> givenNames = new HashMap<>();
    private final Set<String> givenNameSpellings = new HashSet<>();
    /** Legal forms as compared: dots dropped, case kept for short ones ("AG", "SA"), lower case otherwise. */
    private final Set<String> legalForms = new HashSet<>();
    private int longestLegalForm = 1;
    /** The last word of every legal form, as compared: a name whose last word is none of them has no legal form. */
    private final Set<String> legalFormEnds = new HashSet<>();

    /** Words that name a company's trade after its name ("Ford Motor", "Apple Computer"): folded when what remains is a known name. */
    private static final Set<String> DESCRIPTORS = Set.of("motor", "motors", "computer", "computers", "airlines");
    /** Trade words: "Delta Motor" is not "Delta Air Lines", whose own name says another trade. */
    private static final Set<String> TRADES = Set.of("motor", "motors", "computer", "computers", "air", "airlines",
            "airways", "lines", "bank", "oil", "steel", "chemical", "chemicals", "insurance", "energy", "foods",
            "pharmaceuticals", "electric", "electronics", "telecom", "communications", "airline", "shipping", "mining");
    /** Corporate words folded like legal forms (the issue's list: Group, Co., Corp., ...). */
    private static final List<String> CORPORATE = List.of("Group", "Holdings", "Holding", "Sons", "Company", "Companies", "Co",
            "Corp", "Corporation", "Inc", "Incorporated", "Ltd", "Limited", "LLC", "plc", "PLC", "AG", "SA", "NV", "SE",
            "GmbH", "SpA", "AB", "ASA", "LP", "LLP", "Cos", "Bhd", "Pty", "KGaA");
    /** Short legal forms that are also words or numerals in names ("Henry II", "in"): never folded. */
    private static final Set<String> NOT_LEGAL = Set.of("in", "ii", "im", "is", "pr", "pp", "na", "nl", "ngo", "npo",
            "cso", "ong", "charity", "nonprofit", "cooperation", "cooperative", "verein", "stiftung", "genossenschaft",
            "ay", "ae", "ca", "cv", "ks", "kb", "ps", "rs", "rf", "sf", "pt", "od", "og", "ei", "ik", "pa", "ry",
            "xk", "xt", "yu", "ao", "as", "at", "ky", "oy", "sc", "sd", "ep", "gp", "cic");

    private static final Pattern TRAILING_AND = Pattern.compile("(?:[\\s,]+(?:and|&))+$|,+$");
    private static final Pattern TICKER = Pattern.compile("^<|\\s*<[^>]*>?$|>$");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern POSSESSIVE = Pattern.compile("['\u2019\u02bc]s$");
    private static final Pattern EDGE_PUNCTUATION =
            Pattern.compile("^[\\p{Punct}\u201c\u201d]+|[\\p{Punct}\u201c\u201d&&[^.]]+$");

    /** Titles and ranks that precede a person's name and are not part of it: "Mr Blair" is Blair. */
    private static final Pattern TITLES = Pattern.compile(
            "^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Gen|Col|Capt|Lt|Sgt|Sen|Rep|Gov|Rev|Fr|President"
            + "|Premier|Chancellor|Senator|Governor|Minister|General|King|Queen|Prince|Princess|Pope|Sheikh|Ayatollah"
            + "|Judge|Justice|Mayor|Secretary|Ambassador|Admiral|Colonel|Major|Captain|Lieutenant|Sergeant|Commander"
            + "|Marshal|Chairman|Chairwoman|Director|Professor|Rabbi|Cardinal|Bishop|Father|Brother|Sister)\\.?\\s+)+"
            + "(?=\\p{Lu})");

    /** Loaded once, on first use. */
    private static final class Bundled {
        static final Names NAMES = new Names();
    }

    public static Names bundled() {
        return Bundled.NAMES;
    }

    private Names() {
        for (String[] row : table("/linking/aliases.tsv")) {
            Alias alias = new Alias(row[1], row.length > 2 ? row[2] : "*");
            aliases.put(lower(row[0]), alias);
            canonicals.put(lower(row[1]), alias);
        }
        for (String[] row : table("/linking/given-names.tsv")) {
            givenNames.put(lower(row[0]), row[1]);
            givenNameSpellings.add(lower(row[1]));
        }
        List<String> forms = new ArrayList<>(CORPORATE);
        try (InputStream in = Names.class.getResourceAsStream("/linking/legal-forms.txt")) {
            if (in != null) {
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().forEach(forms::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String form : forms) {
            String compared = legalForm(form.strip());
            if (!compared.isEmpty() && !NOT_LEGAL.contains(compared.toLowerCase(Locale.ROOT))
                    && compared.chars().anyMatch(Character::isLetter)) {
                legalForms.add(compared);
                String[] formWords = SPACES.split(form.strip());
                legalFormEnds.add(lastWord(formWords[formWords.length - 1]));
                longestLegalForm = Math.max(longestLegalForm, compared.split(" ").length);
            }
        }
    }

    /** A legal form's last word as looked up: lower case, no dots or commas ("Inc." -> "inc", "A." -> "a"). */
    private static String lastWord(String word) {
        StringBuilder b = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c != '.' && c != ',') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /** "S.A." -> "SA", "Inc." -> "inc", "Public Limited Company" -> "public limited company". */
    private static String legalForm(String words) {
        String compared = SPACES.matcher(fold(words).replace("&", " and ").replace(".", " ").replace(",", " ").strip())
                .replaceAll(" ");
        // short forms keep their case: "SA" is a legal form, "Sa" a word
        return compared.replace(" ", "").length() <= 3 ? compared.replace(" ", "") : compared.toLowerCase(Locale.ROOT);
    }

    /** The name without trailing legal forms and corporate suffixes: "Chrysler Group LLC" -> "Chrysler". */
    public String withoutLegalForm(String name) {
        int space = name.lastIndexOf(' ');
        if (space < 0 || !legalFormEnds.contains(lastWord(name.substring(space + 1)))) {
            return name.strip(); // the common case, without splitting
        }
        String[] words = SPACES.split(name.strip());
        int end = words.length;
        boolean folded = true;
        while (folded && end > 1) {
            folded = false;
            if (!legalFormEnds.contains(lastWord(words[end - 1]))) {
                break;
            }
            for (int n = Math.min(longestLegalForm, end - 1); n >= 1; n--) {
                String tail = String.join(" ", java.util.Arrays.copyOfRange(words, end - n, end));
                if (legalForms.contains(legalForm(tail))) {
                    end -= n;
                    folded = true;
                    break;
                }
            }
        }
        if (end == words.length) {
            return name.strip();
        }
        String kept = String.join(" ", java.util.Arrays.copyOfRange(words, 0, end));
        return TRAILING_AND.matcher(kept).replaceAll("").strip(); // "Deere and Co" -> "Deere"
    }

    /**
     * The name without a trailing trade word where what remains is itself a known name: "Ford Motor" -> "Ford",
     * "Apple Computer" -> "Apple"; "General Motors" stays, "General" being no known name.
     */
    public String withoutDescriptor(String name, Predicate<String> knownKey) {
        int space = name.lastIndexOf(' ');
        if (space > 0 && DESCRIPTORS.contains(lower(name.substring(space + 1)).replace(".", ""))) {
            String rest = name.substring(0, space).strip();
            if (knownKey.test(key(rest))) {
                return rest;
            }
        }
        return name;
    }

    /** The lookup key of a name: lower case, no diacritics, legal form folded, single spaces. */
    public String key(String name) {
        return spaced(lower(withoutLegalForm(name)));
    }

    /** Whether a name says another trade than this descriptor word: "Delta Air Lines" against "Motor". */
    public static boolean saysAnotherTrade(String name, String descriptor) {
        String own = lower(descriptor);
        for (String word : SPACES.split(lower(name))) {
            if (TRADES.contains(word) && !word.equals(own) && !(word + "s").equals(own) && !word.equals(own + "s")) {
                return true;
            }
        }
        return false;
    }

    /** The canonical spelling of a reference label: "Türkiye" -> "Turkey", "Volodymyr Zelenskyy" -> "Volodymyr Zelensky". */
    public String canonical(EntityType type, String label, String... otherNames) {
        if (type == EntityType.PERSON) {
            return canonicalPerson(SPACES.split(label.strip()));
        }
        Alias alias = aliases.get(lower(label));
        for (int i = 0; (alias == null || !alias.isType(type)) && i < otherNames.length; i++) {
            alias = aliases.get(lower(otherNames[i])); // the hand table's spelling of any of its names
        }
        for (int i = -1; (alias == null || !alias.isType(type)) && i < otherNames.length; i++) {
            alias = canonicals.get(lower(i < 0 ? label : otherNames[i]));
        }
        if (alias != null && alias.isType(type) && !alias.type().equals("*")) {
            return alias.canonical();
        }
        return withoutLegalForm(label);
    }

    /** Given name and surname in the hand tables' spelling: "Sergei Lavrov" -> "Sergey Lavrov". */
    public String canonicalPerson(String[] parts) {
        String[] canonical = parts.clone();
        String given = givenNames.get(lower(parts[0]));
        if (given != null && parts.length > 1) {
            canonical[0] = given;
        }
        Alias surname = aliases.get(lower(parts[parts.length - 1]));
        if (surname != null && surname.isType(EntityType.PERSON)) {
            canonical[canonical.length - 1] = surname.canonical();
        }
        return String.join(" ", canonical);
    }

    /** The hand table's entry for a name, or null. */
    public Alias alias(String name) {
        return aliases.get(lower(spaced(name)));
    }

    /** The canonical given name ("Sergei" -> "Sergey"), or null when the word is no given name of the table. */
    public String givenName(String word) {
        return givenNames.get(lower(word));
    }

    /** Whether a word is a given name of the transliteration table ("Volodymyr", "Sergei", "Donald"). */
    public boolean isGivenName(String word) {
        String key = lower(word);
        return givenNames.containsKey(key) || givenNameSpellings.contains(key);
    }

    /** Drops a possessive and surrounding punctuation: "Lavrov's" -> "Lavrov". */
    public static String clean(String text) {
        // a Reuters ticker the tagger ran into the name: "Chrysler Corp <C>", "Ford Motor Co's <F", "Maserati>"
        String cleaned = TICKER.matcher(text.strip()).replaceAll("").strip();
        cleaned = POSSESSIVE.matcher(cleaned).replaceAll("");
        return EDGE_PUNCTUATION.matcher(cleaned).replaceAll("").strip();
    }

    /** The name without titles and ranks before it: "President Putin" -> "Putin", "Mr Blair" -> "Blair". */
    public static String withoutTitles(String cleaned) {
        return TITLES.matcher(cleaned).replaceFirst("");
    }

    /** Lower case, no diacritics. */
    static String lower(String text) {
        return fold(text).toLowerCase(Locale.ROOT);
    }

    private static String spaced(String text) {
        String stripped = text.strip();
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c != ' ' && Character.isWhitespace(c) || c == ' ' && i + 1 < stripped.length()
                    && Character.isWhitespace(stripped.charAt(i + 1))) {
                return SPACES.matcher(stripped).replaceAll(" "); // only where there is something to collapse
            }
        }
        return stripped;
    }

    static String fold(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
            }
        }
        return text;
    }

    static List<String[]> table(String resource) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = Names.class.getResourceAsStream(resource)) {
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
