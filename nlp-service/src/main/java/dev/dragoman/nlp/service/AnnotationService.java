package dev.dragoman.nlp.service;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.DateMention;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.Event;
import dev.dragoman.common.api.Quote;
import dev.dragoman.nlp.dates.DateResolver;
import dev.dragoman.nlp.events.EventExtractor;
import dev.dragoman.nlp.language.LanguageIdentifier;
import dev.dragoman.nlp.linking.EntityLinker;
import dev.dragoman.nlp.linking.TitleMentions;
import dev.dragoman.nlp.ner.NerTagger;
import dev.dragoman.nlp.ner.Token;
import dev.dragoman.nlp.ner.Tokenizer;
import dev.dragoman.nlp.quotes.QuoteExtractor;
import dev.dragoman.nlp.config.NlpConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotates a text: tokens, entities (tagger + linker), dates resolved against the reference date, then quotations
 * with their speakers and events (meetings, talks, visits, calls) built on those.
 */
@ApplicationScoped
public class AnnotationService {

    /** Names the tagger and its resources in every annotation: bump it whenever the model file changes. */
    public static final String MODEL_NAME = "conll2003-perceptron-v4";

    private final NerTagger tagger;
    /** What annotations name as their model: {@link #MODEL_NAME}, with "-fast" for the fast tagger. */
    private final String modelName;
    private final EntityLinker linker = new EntityLinker();
    private final TitleMentions offices = TitleMentions.bundled();
    private final LanguageIdentifier languages = new LanguageIdentifier();

    /** The accurate tagger (tests, benchmarks). */
    public AnnotationService() {
        this(NlpConfig.Tagger.ACCURATE);
    }

    @Inject
    public AnnotationService(NlpConfig config) {
        this(config.tagger());
    }

    public AnnotationService(NlpConfig.Tagger kind) {
        boolean fast = kind == NlpConfig.Tagger.FAST;
        tagger = NerTagger.bundled(fast);
        modelName = fast ? MODEL_NAME + "-fast" : MODEL_NAME;
    }

    public Annotation annotate(String text, LocalDate publishedAt) {
        LocalDate reference = publishedAt != null ? publishedAt : LocalDate.now(ZoneOffset.UTC);
        List<EntityLinker.RawMention> raw = new ArrayList<>();
        List<int[]> sentenceSpans = new ArrayList<>();
        List<List<Token>> sentences = Tokenizer.sentences(text);
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (List<Token> sentence : sentences) {
            sentenceSpans.add(new int[] {sentence.get(0).start(), sentence.get(sentence.size() - 1).end()});
            words.add(sentence.stream().map(Token::text).toList());
        }
        // the whole text is one document: its other sentences inform each decision
        List<List<String>> tags = tagger.repairNames(words, tagger.tagDocument(words), linker::isGivenName,
                EntityLinker::isOutletName);
        for (int s = 0; s < sentences.size(); s++) {
            List<Token> sentence = sentences.get(s);
            for (NerTagger.Span span : NerTagger.spans(tags.get(s))) {
                int start = sentence.get(span.first()).start();
                int end = sentence.get(span.last()).end();
                raw.add(new EntityLinker.RawMention(start, end, text.substring(start, end), span.type()));
            }
        }
        List<EntityMention> entities = offices.addOffices(text, linker.link(text, raw));
        List<DateMention> dates = DateResolver.resolve(text, reference);
        List<Quote> quotes = QuoteExtractor.extract(text, entities);
        List<Event> events = EventExtractor.extract(text, sentenceSpans, entities, dates);
        return new Annotation(modelName, languages.identify(text), entities, dates, quotes, events);
    }
}
