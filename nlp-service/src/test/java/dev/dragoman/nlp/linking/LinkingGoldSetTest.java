package dev.dragoman.nlp.linking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.nlp.service.AnnotationService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-document linking against the gold set of {@code linking/gold.tsv}: mentions of people, organisations and places
 * in real articles of {@code ../shared/data/news}, each with its gold cluster. Every article is annotated on its own
 * (tagger and linker, as the service does before the knowledge base of learnt names), and the entity ids are scored
 * with B-cubed over all mentions of all articles together: an entity split across articles or spellings costs recall,
 * two entities under one id cost precision. A gold mention the tagger did not find is a cluster of its own.
 */
class LinkingGoldSetTest {

    record GoldMention(String article, int start, int end, String text, String cluster) {
    }

    /** B-cubed precision, recall and F1 over a set of items with a gold and a predicted cluster each. */
    record BCubed(double precision, double recall, int items) {
        double f1() {
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        static BCubed of(List<String> gold, List<String> predicted) {
            Map<String, Set<Integer>> goldClusters = new HashMap<>();
            Map<String, Set<Integer>> predictedClusters = new HashMap<>();
            for (int i = 0; i < gold.size(); i++) {
                goldClusters.computeIfAbsent(gold.get(i), k -> new HashSet<>()).add(i);
                predictedClusters.computeIfAbsent(predicted.get(i), k -> new HashSet<>()).add(i);
            }
            double precision = 0;
            double recall = 0;
            for (int i = 0; i < gold.size(); i++) {
                Set<Integer> g = goldClusters.get(gold.get(i));
                Set<Integer> p = predictedClusters.get(predicted.get(i));
                long both = p.size() <= g.size() ? p.stream().filter(g::contains).count()
                        : g.stream().filter(p::contains).count();
                precision += (double) both / p.size();
                recall += (double) both / g.size();
            }
            return new BCubed(precision / gold.size(), recall / gold.size(), gold.size());
        }
    }

    private static final List<GoldMention> GOLD = new ArrayList<>();
    private static final Map<String, JsonNode> ARTICLES = new HashMap<>();

    @BeforeAll
    static void readGoldAndArticles() throws IOException {
        try (InputStream in = LinkingGoldSetTest.class.getResourceAsStream("/linking/gold.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] c = line.split("\t");
                    GOLD.add(new GoldMention(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), c[3], c[4]));
                }
            }
        }
        Set<String> wanted = new HashSet<>();
        GOLD.forEach(g -> wanted.add(g.article()));
        Path news = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "data", "news");
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(news)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.filter(l -> wanted.stream().anyMatch(id -> l.contains("\"" + id + "\""))).forEach(l -> {
                        try {
                            JsonNode article = json.readTree(l);
                            if (wanted.contains(article.get("id").asText())) {
                                ARTICLES.put(article.get("id").asText(), article);
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            }
        }
    }

    @Test
    void theGoldSetIsLargeAndVariedEnough() {
        Set<String> articles = new HashSet<>();
        GOLD.forEach(g -> articles.add(g.article()));
        assertTrue(GOLD.size() >= 300, GOLD.size() + " mentions");
        assertTrue(articles.size() >= 50, articles.size() + " articles");
        assertTrue(ARTICLES.keySet().containsAll(articles), "articles missing from ../shared/data/news");
        for (GoldMention g : GOLD) {
            String body = ARTICLES.get(g.article()).get("body").asText();
            assertTrue(body.substring(g.start(), g.end()).equals(g.text()), "offsets of " + g);
        }
    }

    @Test
    void crossDocumentBCubedIsAtLeast95WithPrecisionAtLeast98() {
        AnnotationService annotator = new AnnotationService();
        Map<String, List<GoldMention>> byArticle = new LinkedHashMap<>();
        GOLD.forEach(g -> byArticle.computeIfAbsent(g.article(), k -> new ArrayList<>()).add(g));
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        int found = 0;
        for (var entry : byArticle.entrySet()) {
            JsonNode article = ARTICLES.get(entry.getKey());
            String published = article.path("publishedAt").asText("");
            LocalDate date = published.length() >= 10 ? LocalDate.parse(published.substring(0, 10)) : LocalDate.of(2020, 1, 1);
            List<EntityMention> mentions = annotator.annotate(article.get("body").asText(), date).entities();
            for (GoldMention g : entry.getValue()) {
                EntityMention best = null;
                int bestOverlap = 0;
                for (EntityMention m : mentions) {
                    int overlap = Math.min(m.end(), g.end()) - Math.max(m.start(), g.start());
                    if (overlap > bestOverlap) {
                        bestOverlap = overlap;
                        best = m;
                    }
                }
                gold.add(g.cluster());
                predicted.add(best != null ? best.entityId() : "unfound:" + g.article() + ":" + g.start());
                found += best != null ? 1 : 0;
            }
        }
        BCubed score = BCubed.of(gold, predicted);
        String figures = String.format("B-cubed over %d mentions of %d articles (%d found by the tagger): "
                        + "precision %.2f, recall %.2f, F1 %.2f", score.items(), byArticle.size(), found,
                100 * score.precision(), 100 * score.recall(), 100 * score.f1());
        System.out.println(figures);
        assertTrue(score.f1() >= 0.95, figures);
        assertTrue(score.precision() >= 0.98, figures);
    }

    @Test
    void bCubedOfAKnownExample() {
        // gold {a,b,c} {d}; predicted {a,b} {c,d}: precision (1+1+.5+.5)/4, recall (2/3+2/3+1/3+1)/4
        BCubed score = BCubed.of(List.of("x", "x", "x", "y"), List.of("1", "1", "2", "2"));
        assertTrue(Math.abs(score.precision() - 0.75) < 1e-9);
        assertTrue(Math.abs(score.recall() - (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1) / 4) < 1e-9);
    }
}
