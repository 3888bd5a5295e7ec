import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Build step of nlp-service (run by exec-maven-plugin at generate-resources, as a single-file program): converts the
 * reference knowledge base in {@code ../shared/data/kb} (TSV files, see its README) into the compact classpath
 * resources the linker loads at start-up:
 * <ul>
 *   <li>{@code linking/reference.tsv.gz}: one entity a line, {@code kind, label, qid, geonamesId, secCik, prior,
 *   names (|), codes (| case-sensitive: tickers), surnames (| of heads of state/government and foreign ministers
 *   in office since 2014)};</li>
 *   <li>{@code linking/legal-forms.txt}: legal-form suffixes (Inc., Corp., plc, LLC, AG, S.A., ...), one a line.</li>
 * </ul>
 * Only names in Latin script are kept; nothing is invented beyond what the README of the data documents.
 */
public final class KbCompiler {

    public static void main(String[] args) throws IOException {
        Path kb = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (!Files.isRegularFile(kb.resolve("countries.tsv"))) {
            throw new IllegalStateException("reference knowledge base not found at " + kb.toAbsolutePath()
                    + " (set -Ddragoman.shared.dir to the folder holding data/kb)");
        }
        Files.createDirectories(out);
        if (upToDate(kb, out, args.length > 2 ? Path.of(args[2]) : null)) {
            System.out.println("KbCompiler: " + out + " is up to date");
            return;
        }
        int[] count = new int[1];
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(out.resolve("reference.tsv.gz"))), StandardCharsets.UTF_8))) {
            Consumer<String[]> emit = row -> {
                try {
                    w.write(String.join("\t", row));
                    w.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            read(kb.resolve("countries.tsv"), r -> {
                Set<String> names = names(r.get("label"), r.get("aliases"), r.get("short_name_en"));
                emit.accept(new String[] {"place", r.get("label"), r.get("qid"), r.get("geonames_id"), "",
                        "Yes".equals(r.get("is_independent")) ? "1000" : "600", join(names), "", ""});
            });
            read(kb.resolve("cities.tsv.gz"), r -> {
                long population = r.get("population").isEmpty() ? 0 : Long.parseLong(r.get("population"));
                int prior = (int) Math.min(900, 100 + 60 * Math.log10(Math.max(1, population / 1000.0)));
                emit.accept(new String[] {"place", r.get("label"), r.get("qid"), r.get("geonames_id"), "",
                        Integer.toString(prior), join(names(r.get("label"), r.get("aliases"))), "", ""});
            });
            read(kb.resolve("intl_orgs.tsv"), r -> {
                Set<String> names = names(r.get("label"), r.get("aliases"));
                // rule-generated acronyms only where the data flags no clash (kb/README: low confidence)
                if (r.get("acronym_generated_note").isEmpty() && !r.get("acronym_generated").isEmpty()) {
                    names.add(r.get("acronym_generated"));
                }
                emit.accept(new String[] {"org", r.get("label"), r.get("qid"), "", "", "700", join(names), "", ""});
            });
            read(kb.resolve("companies.tsv.gz"), r -> {
                String kind = r.get("kind");
                int prior = kind.contains("S&P") || kind.contains("business") ? 500 : 300;
                Set<String> names = names(r.get("label"), r.get("aliases"));
                names.removeIf(n -> n.matches(".*[0-9,].*"));
                List<String> codes = new ArrayList<>();
                for (String ticker : split(r.get("tickers"))) {
                    if (ticker.matches("[A-Z]{2,5}")) {
                        codes.add(ticker);
                    }
                }
                emit.accept(new String[] {"org", r.get("label"), r.get("qid"), "", r.get("sec_cik"),
                        Integer.toString(prior), join(names), String.join("|", codes), ""});
            });
            read(kb.resolve("persons.tsv.gz"), r -> {
                String roles = r.get("role_categories");
                boolean leader = roles.contains("HOS") || roles.contains("HOG") || roles.contains("FM");
                int prior = leader ? 800 : roles.contains("MINISTER") ? 400 : 200;
                // a lone surname names a leader in today's news only while in office or lately (not Gordon Brown)
                String last = r.get("last_year_or_open");
                boolean recent = last.equals("open") || last.matches("\\d{4}") && Integer.parseInt(last) >= 2014;
                Set<String> names = names(r.get("label"), r.get("aliases"), r.get("name_variants_generated"));
                Set<String> surnames = new LinkedHashSet<>();
                if (leader && recent) {
                    for (String name : names) {
                        String[] words = name.split("\\s+");
                        if (words.length >= 2 && words[words.length - 1].matches("\\p{Lu}[\\p{L}'-]{2,}")) {
                            surnames.add(words[words.length - 1]);
                        }
                    }
                }
                emit.accept(new String[] {"person", r.get("label"), r.get("qid"), "", "", Integer.toString(prior),
                        join(names), "", join(surnames)});
            });
        }
        Set<String> forms = new LinkedHashSet<>();
        read(kb.resolve("legal_forms.tsv"), r -> {
            forms.addAll(names(r.get("display"), r.get("compare"), r.get("aliases")));
        });
        Files.write(out.resolve("legal-forms.txt"), forms);
        System.out.printf("KbCompiler: %d reference entities, %d legal forms -> %s%n", count[0], forms.size(), out);
    }

    /** Whether the outputs are newer than every input file and this program. */
    private static boolean upToDate(Path kb, Path out, Path self) throws IOException {
        Path reference = out.resolve("reference.tsv.gz");
        Path forms = out.resolve("legal-forms.txt");
        if (!Files.exists(reference) || !Files.exists(forms)) {
            return false;
        }
        long built = Math.min(Files.getLastModifiedTime(reference).toMillis(), Files.getLastModifiedTime(forms).toMillis());
        List<Path> inputs = new ArrayList<>();
        try (var files = Files.list(kb)) {
            files.forEach(inputs::add);
        }
        if (self != null) {
            inputs.add(self);
        }
        for (Path input : inputs) {
            if (Files.getLastModifiedTime(input).toMillis() >= built) {
                return false;
            }
        }
        return true;
    }

    /** Latin-script names, trimmed, without duplicates. */
    private static Set<String> names(String... cells) {
        Set<String> names = new LinkedHashSet<>();
        for (String cell : cells) {
            for (String name : split(cell)) {
                String n = name.strip();
                if (n.length() >= 2 && n.chars().allMatch(c -> c < 0x250 || Character.isWhitespace(c)
                        || c == '\u2019' || c == '\u2010' || c == '\u2013')
                        && n.chars().anyMatch(Character::isLetter) && !n.contains("\t")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static List<String> split(String cell) {
        return cell == null || cell.isBlank() ? List.of() : List.of(cell.split("\\|"));
    }

    private static String join(Set<String> values) {
        return String.join("|", values);
    }

    private static void read(Path file, Consumer<Map<String, String>> row) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split("\t", -1);
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Map<String, String> r = new java.util.HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    r.put(header[i], i < cells.length ? cells[i].strip() : "");
                }
                row.accept(r);
            }
        }
    }
}
