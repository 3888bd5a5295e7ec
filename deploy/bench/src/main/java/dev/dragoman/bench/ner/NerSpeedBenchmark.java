package dev.dragoman.bench.ner;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.nlp.config.NlpConfig;
import dev.dragoman.nlp.ner.ConllCorpus;
import dev.dragoman.nlp.ner.ContextEncoder;
import dev.dragoman.nlp.ner.NerTagger;
import dev.dragoman.nlp.ner.Token;
import dev.dragoman.nlp.ner.Tokenizer;
import dev.dragoman.nlp.service.AnnotationService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One thread tags the 216 documents of CoNLL-2003 eng.testa, rebuilt as plain text (tokens joined by spaces, one
 * sentence a line): tokenising, sentence splitting and tagging included. One operation = the whole set;
 * {@link NerSpeed} turns operations per second into tokens per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 6, time = 5)
public class NerSpeedBenchmark {

    private List<String> texts;
    private NerTagger tagger;
    private AnnotationService annotations;
    private AnnotationService fastAnnotations;

    /** The eng.testa documents as text. */
    static List<String> documents() throws IOException {
        Path testa = Path.of(System.getProperty("dragoman.shared.dir", "../shared"), "data/ner/conll2003/eng.testa");
        List<String> texts = new ArrayList<>();
        for (List<ConllCorpus.Sentence> document : ConllCorpus.readDocuments(testa)) {
            texts.add(document.stream().map(s -> String.join(" ", s.words())).collect(Collectors.joining("\n")));
        }
        return texts;
    }

    /** Tokens of the texts as the tokenizer sees them (what one operation processes). */
    static long tokens(List<String> texts) {
        return texts.stream().mapToLong(t -> Tokenizer.tokenize(t).size()).sum();
    }

    @Setup
    public void setUp() throws IOException {
        // logging as the service has it (Quarkus: INFO): unconfigured, JBoss LogManager enables every level, and the
        // language detector then formats a trace line per n-gram (a third of annotate's time in a JFR profile)
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        texts = documents();
        tagger = NerTagger.bundled(false);
        annotations = new AnnotationService(NlpConfig.Tagger.ACCURATE);
        fastAnnotations = new AnnotationService(NlpConfig.Tagger.FAST);
    }

    /** The encoder and the documents' tokens, set up for {@link #encoder} only. */
    @State(Scope.Benchmark)
    public static class EncoderState {
        private List<List<List<String>>> tokenized;
        private ContextEncoder encoder;

        @Setup
        public void setUp() throws IOException, ai.onnxruntime.OrtException {
            tokenized = new ArrayList<>();
            for (String text : documents()) {
                tokenized.add(Tokenizer.sentences(text).stream().map(s -> s.stream().map(Token::text).toList()).toList());
            }
            encoder = new ContextEncoder(1, 6);
        }

        @TearDown
        public void tearDown() throws ai.onnxruntime.OrtException {
            encoder.close();
        }
    }

    /**
     * The contextual encoder of the {@code -Dner.context} experiment alone (all-MiniLM-L6-v2, int8, all 6 layers, one
     * ONNX Runtime thread; README "How the setting was chosen"), a document's sentences a call: what a tagger with
     * its features would add to {@link #annotate}.
     */
    @Benchmark
    public int encoder(EncoderState state) throws ai.onnxruntime.OrtException {
        int vectors = 0;
        for (List<List<String>> document : state.tokenized) {
            vectors += state.encoder.encode(document, 16).size();
        }
        return vectors;
    }

    @Benchmark
    public int tagger() {
        int entities = 0;
        for (String text : texts) {
            List<List<Token>> sentences = Tokenizer.sentences(text);
            List<List<String>> words = new ArrayList<>(sentences.size());
            for (List<Token> sentence : sentences) {
                words.add(sentence.stream().map(Token::text).toList());
            }
            for (List<String> tags : tagger.tagDocument(words)) {
                entities += NerTagger.spans(tags).size();
            }
        }
        return entities;
    }

    /** The whole annotate with the default (accurate) tagger. */
    @Benchmark
    public int annotate() {
        return annotateWith(annotations);
    }

    /** The whole annotate with the fast tagger ({@code dragoman.nlp.tagger=fast}). */
    @Benchmark
    public int annotateFast() {
        return annotateWith(fastAnnotations);
    }

    private int annotateWith(AnnotationService service) {
        int entities = 0;
        LocalDate date = LocalDate.of(1996, 8, 30);
        for (String text : texts) {
            Annotation annotation = service.annotate(text, date);
            entities += annotation.entities().size();
        }
        return entities;
    }
}
