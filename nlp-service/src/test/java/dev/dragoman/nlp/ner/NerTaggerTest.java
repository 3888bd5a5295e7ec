package dev.dragoman.nlp.ner;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerTaggerTest {

    @Test
    void bilouRoundTrip() {
        List<String> iob2 = List.of("B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "B-ORG");
        List<String> bilou = NerTagger.toBilou(iob2);
        assertEquals(List.of("B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-LOC", "L-LOC", "U-ORG"), bilou);
        assertEquals(iob2, NerTagger.toIob2(List.of(bilou)).get(0));
    }

    @Test
    void viterbiFindsTheBestValidSequence() {
        String[] labels = {"B-PER", "I-PER", "O"};
        // token scores alone would give I-PER first (invalid) and O second; the transition O -> I-PER is forbidden
        float[][] emit = {{1f, 5f, 0f}, {0f, 2f, 2.5f}};
        float[][][] trans = new float[2][4][3];
        trans[1][0] = new float[] {0f, 1f, 0f}; // B-PER -> I-PER rewarded
        assertEquals(List.of(0, 1), java.util.Arrays.stream(NerTagger.viterbi(emit, trans, 3, labels)).boxed().toList());
        trans[1][0] = new float[3];
        assertEquals(List.of(0, 2), java.util.Arrays.stream(NerTagger.viterbi(emit, trans, 3, labels)).boxed().toList());
        assertEquals(0, NerTagger.viterbi(new float[0][3], new float[0][4][3], 3, labels).length);
    }

    @Test
    void symbolsAndEmojiAreNeverPartOfAName() {
        for (String symbol : List.of("\uD83D\uDE02", "\u2764\uFE0F", "\uD83D\uDC4D\uD83C\uDFFD", ">", "<", "=", "#", "@", "?",
                "$", "\u00A3", "|", "**", "\uFE0F")) {
            assertTrue(Features.symbol(symbol), symbol);
        }
        // what names of the training news do hold: letters, digits, & / , ( ) ' " . : ! -
        for (String part : List.of("&", "(", ")", ".", "!", "-", "'", "/", ",", "U.S.", "'s", "O'Neil", "2025", "C#")) {
            assertTrue(!Features.symbol(part), part);
        }
        // the decoder, whatever the scores: a name ends before an emoji and does not run through arrows
        String[] labels = {"B-PER", "I-PER", "O"};
        Features.Sentence sentence = new Features.Sentence(List.of("Morty", "\uD83D\uDE02", "Smith"), 0, NerLexicon.empty());
        float[][] emit = {{5f, 0f, 0f}, {0f, 5f, 0f}, {0f, 5f, 0f}};
        for (int i = 0; i < 3; i++) {
            NerTagger.outsideOnly(sentence, i, emit[i], labels);
        }
        int[] best = NerTagger.viterbi(emit, new float[3][4][3], 3, labels);
        assertEquals(List.of(0, 2, 0), java.util.Arrays.stream(best).boxed().toList(),
                "Morty/B-PER, the emoji O, Smith cannot continue a name the emoji ended");
        // the bundled tagger on a post where it ran a name into an emoji (WNUT-17 dev)
        NerTagger tagger = NerTagger.bundled(false);
        List<String> post = List.of("All", "I", "'", "ve", "been", "doing", "is", "BINGE", "watching", "Rick", "and",
                "Morty", "\uD83D\uDE02", "and", "Ledger", ">", ">", ">", "every", "Joker");
        List<String> tags = tagger.tag(post);
        for (int i = 0; i < post.size(); i++) {
            if (Features.symbol(post.get(i))) {
                assertEquals("O", tags.get(i), () -> post + " " + tags);
            }
        }
    }

    @Test
    void aFormOfAddressIsNoPartOfAPersonsName() {
        List<List<String>> words = List.of(List.of("Mr", "McConnell", "met", "Dr.", "Jane", "Smith", "and", "Sir",
                "Dr", "Who", "."));
        List<List<String>> tagged = List.of(new java.util.ArrayList<>(List.of("B-PER", "I-PER", "O", "B-PER", "I-PER",
                "I-PER", "O", "B-PER", "B-MISC", "I-MISC", "O")));
        assertEquals(List.of("O", "B-PER", "O", "O", "B-PER", "I-PER", "O", "B-PER", "B-MISC", "I-MISC", "O"),
                NerTagger.withoutHonorifics(words, tagged).get(0),
                "titles leave the person's name; a lone title or one before another type is left as it was");
        // the bundled tagger on British news, which writes "Mr" without a full stop (BBC, news gold set)
        List<String> sentence = List.of("Mr", "McConnell", "said", "the", "ban", "would", "save", "lives", ".");
        List<String> tags = NerTagger.bundled(false).tag(sentence);
        assertEquals("O", tags.get(0), () -> sentence + " " + tags);
        assertEquals("B-PER", tags.get(1), () -> sentence + " " + tags);
    }

    @Test
    void aKnownNewsOutletIsAnOrganisationWhateverTypeTheTaggerGaveIt() {
        List<List<String>> words = List.of(List.of("the", "Kyiv", "Independent", "reported", "from", "Kyiv", "."));
        List<List<String>> tagged = List.of(List.of("O", "B-MISC", "I-MISC", "O", "O", "B-LOC", "O"));
        List<List<String>> repaired = NerTagger.bundled(false).repairNames(words, tagged, w -> false,
                dev.dragoman.nlp.linking.EntityLinker::isOutletName);
        assertEquals(List.of("O", "B-ORG", "I-ORG", "O", "O", "B-LOC", "O"), repaired.get(0),
                "the newspaper is an organisation, the city stays a place");
        assertTrue(dev.dragoman.nlp.linking.EntityLinker.isOutletName("TASS"));
        assertTrue(!dev.dragoman.nlp.linking.EntityLinker.isOutletName("Kyiv"));
    }

    @Test
    void casingClassesFollowTheShareTheNewsWritesInLowerCase() {
        assertEquals("c", NerLexicon.casingClass(0, 110));
        assertEquals("C", NerLexicon.casingClass(10, 90));
        assertEquals("m", NerLexicon.casingClass(50, 50));
        assertEquals("L", NerLexicon.casingClass(166, 34));
        assertEquals("l", NerLexicon.casingClass(172, 2));
        assertEquals("l~", NerLexicon.casingClass(5, 0), "seen fewer than 20 times");
    }

    @Test
    void modelBytesSurviveARoundTrip() throws Exception {
        NerModel model = NerModels.bundled();
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        model.write(first);
        java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();
        NerModel.read(new java.io.ByteArrayInputStream(first.toByteArray())).write(second);
        assertTrue(java.util.Arrays.equals(first.toByteArray(), second.toByteArray()));
        assertTrue(model.next() != null, "two stages");
        assertTrue(!model.entities().isEmpty(), "entities learnt from eng.train");
    }

    @Test
    void documentTaggingUsesTheOtherSentences() {
        NerTagger tagger = new NerTagger(NerModels.bundled());
        List<List<String>> document = List.of(
                List.of("Sergey", "Lavrov", "met", "Marco", "Rubio", "in", "Riyadh", "."),
                List.of("Lavrov", "said", "the", "talks", "went", "well", "."));
        List<List<String>> tags = tagger.tagDocument(document);
        assertEquals(2, tags.size());
        assertEquals("B-PER", tags.get(1).get(0), tags::toString);
        assertEquals(tags.get(0), tagger.tagDocument(document).get(0), "deterministic");
    }

    @Test
    void tokenizerKeepsOffsetsAndAbbreviations() {
        String text = "U.S. and Russian officials met Lavrov's team in Istanbul.";
        List<Token> tokens = Tokenizer.tokenize(text);
        assertEquals("U.S.", tokens.get(0).text());
        assertTrue(tokens.stream().anyMatch(t -> t.text().equals("Lavrov")));
        assertTrue(tokens.stream().anyMatch(t -> t.text().equals("'s")));
        tokens.forEach(t -> assertEquals(t.text(), text.substring(t.start(), t.end())));
        // an initial or an abbreviation before a comma ends no sentence and keeps its full stop
        List<List<Token>> sentences = Tokenizer.sentences("Timothy D. Cook of Apple Inc., and L. Ron Hubbard met. "
                + "Then they left.");
        assertEquals(2, sentences.size(), () -> sentences.toString());
        assertEquals(List.of("Timothy", "D.", "Cook", "of", "Apple", "Inc.", ",", "and", "L.", "Ron", "Hubbard", "met",
                "."), sentences.get(0).stream().map(Token::text).toList());
        // a full stop after a capital at a sentence's end before a word in lower case stays a sentence end
        assertEquals(List.of("Plan", "B", ".", "then"), Tokenizer.tokenize("Plan B. then").stream().map(Token::text)
                .toList());
    }

    @Test
    void typographicApostrophesQuotesAndDashesAreReadAsTheTrainingNewsWritesThem() {
        List<List<String>> typographic = List.of(
                List.of("\u201cIn", "essence", ",", "Putin\u02bcs", "aide", "said", "it", "won\u2019t", "work", "\u201d"),
                List.of("Putin", "\u02bcs", "aide", "Vladimir", "Medinsky", "left", "O\u2019Brien", "\u2019s", "office", "."));
        List<List<String>> conll = Features.asConll(typographic);
        assertEquals(List.of("Putin", "'s", "aide", "Vladimir", "Medinsky", "left", "O'Brien", "'s", "office", "."),
                conll.get(1));
        assertEquals("\"In", conll.get(0).get(0));
        assertEquals("won't", conll.get(0).get(7));
        // single quotes, dashes and the ellipsis as CoNLL-2003 writes them too
        assertEquals(List.of("'", "Lavrov", "'", "-", "Rubio", "--", "Witkoff", "...", "\u2010"),
                Features.asConll(List.of(List.of("\u2018", "Lavrov", "\u2019", "\u2013", "Rubio", "\u2014", "Witkoff",
                        "\u2026", "\u2010"))).get(0));
        List<List<String>> plain = List.of(List.of("Lavrov", "met", "Rubio", "."));
        assertSame(plain, Features.asConll(plain), "nothing to change: the same list");
        NerTagger tagger = new NerTagger(NerModels.bundled());
        assertEquals(tagger.tagDocument(conll), tagger.tagDocument(typographic), "the tagger reads them alike");
    }

    @Test
    void bundledModelTagsNewsText() {
        NerTagger tagger = new NerTagger(NerModels.bundled());
        List<String> words = List.of("Russian", "Foreign", "Minister", "Sergey", "Lavrov", "arrived", "in", "Doha", ".");
        List<NerTagger.Span> spans = NerTagger.spans(tagger.tag(words));
        assertTrue(spans.contains(new NerTagger.Span(3, 4, dev.dragoman.common.api.EntityType.PERSON)), spans::toString);
        assertTrue(spans.contains(new NerTagger.Span(7, 7, dev.dragoman.common.api.EntityType.LOCATION)), spans::toString);
    }
}
