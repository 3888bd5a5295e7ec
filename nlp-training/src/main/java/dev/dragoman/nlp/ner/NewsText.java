package dev.dragoman.nlp.ner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The unlabelled news of {@code ../shared/data/news} (NDJSON: title and body) as the service tokenises it. */
final class NewsText {

    private NewsText() {
    }

    /** Hands every sentence of the file's titles and bodies to {@code sink}, in file order, as token texts. */
    static void sentences(Path file, Consumer<List<String>> sink) throws IOException {
        articles(file, (id, sentences) -> sentences.forEach(sink));
    }

    /** Hands every article of the file to {@code sink}, in file order: its id and the sentences of title and body. */
    static void articles(Path file, BiConsumer<String, List<List<String>>> sink) throws IOException {
        JsonFactory factory = new JsonFactory();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try (JsonParser parser = factory.createParser(line)) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    String id = "";
                    List<List<String>> sentences = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.VALUE_STRING && ("title".equals(field) || "body".equals(field))) {
                            for (List<Token> sentence : Tokenizer.sentences(parser.getText())) {
                                sentences.add(sentence.stream().map(Token::text).toList());
                            }
                        } else if (value == JsonToken.VALUE_STRING && "id".equals(field)) {
                            id = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    sink.accept(id, sentences);
                }
            }
        }
    }
}
