package dev.dragoman.nlp.ner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The project's own held-out news for the tagger (README "A news gold set"): people, places and organisations
 * annotated by the project in the bodies of real articles of {@code ../shared/data/news} that no setting was chosen
 * on, as article id, character offsets into the body, type and text ({@code ner/news-gold.tsv}; the texts are read in
 * place, not copied). Read here as CoNLL-style documents, one per article, tokenised and split into sentences as the
 * service does, with IOB2 tags; scored on PER, LOC and ORG ({@link #TYPES}): the tagger's MISC is left out of its
 * answers, as for WNUT-17.
 */
public final class NewsNerGold {

    /** The annotated types: those WNUT-17 shares with CoNLL-2003, scored the same way. */
    public static final Set<String> TYPES = Wnut17.TYPES;

    /** The gold set's resource on the class path. */
    static final String RESOURCE = "/ner/news-gold.tsv";

    /** One annotated name: {@code [start, end)} of the article's body. */
    record Span(String article, int start, int end, String type, String text) {
    }

    private NewsNerGold() {
    }

    /** The bundled gold set over the shared news. */
    public static List<List<ConllCorpus.Sentence>> read(Path shared) throws IOException {
        List<Span> spans = spans();
        return documents(spans, bodies(shared.resolve("data/news"),
                spans.stream().map(Span::article).collect(java.util.stream.Collectors.toSet())));
    }

    /** The rows of the bundled gold set, in file order; articles with no name have one row of type {@code -}. */
    static List<Span> spans() throws IOException {
        List<Span> spans = new ArrayList<>();
        InputStream resource = NewsNerGold.class.getResourceAsStream(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("no " + RESOURCE + " on the class path");
        }
        try (InputStream in = resource;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                spans.add(new Span(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], f.length > 4 ? f[4] : ""));
            }
        }
        return spans;
    }

    /** The bodies of the articles {@code ids} names, from the NDJSON files of {@code newsDir}, by id. */
    static Map<String, String> bodies(Path newsDir, Set<String> ids) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> bodies = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(newsDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (!line.isBlank()) {
                            JsonNode article = json.readTree(line);
                            String id = article.path("id").asText();
                            if (ids.contains(id)) {
                                bodies.put(id, article.path("body").asText(""));
                            }
                        }
                    }
                }
            }
        }
        return bodies;
    }

    /**
     * One document per article, in the order the articles first appear among the spans. A span must cover whole tokens
     * of the service's tokenizer and hold the text it says, and spans of an article must not overlap: anything else
     * is an error of the gold set, reported with its row.
     */
    static List<List<ConllCorpus.Sentence>> documents(List<Span> spans, Map<String, String> bodies) {
        Map<String, List<Span>> byArticle = new LinkedHashMap<>();
        for (Span span : spans) {
            byArticle.computeIfAbsent(span.article(), a -> new ArrayList<>()).add(span);
        }
        List<List<ConllCorpus.Sentence>> documents = new ArrayList<>();
        byArticle.forEach((article, names) -> {
            String body = bodies.get(article);
            if (body == null) {
                throw new IllegalStateException("no article " + article + " in the shared news");
            }
            List<List<Token>> sentences = Tokenizer.sentences(body);
            List<List<String>> tags = new ArrayList<>();
            sentences.forEach(s -> tags.add(new ArrayList<>(Collections.nCopies(s.size(), "O"))));
            for (Span span : names) {
                if (span.type().equals("-")) {
                    continue;
                }
                if (!TYPES.contains(span.type())) {
                    throw new IllegalStateException("type " + span.type() + " is none of " + TYPES + ": " + span);
                }
                if (span.end() > body.length() || !body.substring(span.start(), span.end()).equals(span.text())) {
                    throw new IllegalStateException("the body does not hold the text at those offsets: " + span);
                }
                label(sentences, tags, span);
            }
            List<ConllCorpus.Sentence> document = new ArrayList<>();
            for (int s = 0; s < sentences.size(); s++) {
                document.add(new ConllCorpus.Sentence(sentences.get(s).stream().map(Token::text).toList(),
                        List.copyOf(tags.get(s))));
            }
            documents.add(document);
        });
        return documents;
    }

    /** Tags the tokens of one span, which must begin and end on token edges within one sentence. */
    private static void label(List<List<Token>> sentences, List<List<String>> tags, Span span) {
        for (int s = 0; s < sentences.size(); s++) {
            List<Token> sentence = sentences.get(s);
            int first = -1;
            int last = -1;
            for (int t = 0; t < sentence.size(); t++) {
                if (sentence.get(t).start() == span.start()) {
                    first = t;
                }
                if (sentence.get(t).end() == span.end()) {
                    last = t;
                }
            }
            if (first < 0 && last < 0) {
                continue;
            }
            if (first < 0 || last < first) {
                throw new IllegalStateException("the span does not cover whole tokens of one sentence: " + span);
            }
            for (int t = first; t <= last; t++) {
                if (!tags.get(s).get(t).equals("O")) {
                    throw new IllegalStateException("the span overlaps another: " + span);
                }
                tags.get(s).set(t, (t == first ? "B-" : "I-") + span.type());
            }
            return;
        }
        throw new IllegalStateException("the span does not begin and end on token edges: " + span);
    }
}
