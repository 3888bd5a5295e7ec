package dev.dragoman.ingest.service;

import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.DateMention;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.api.Event;
import dev.dragoman.common.api.Quote;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long texts are tagged in pieces: cut at paragraph or sentence ends, offsets moved back into the whole text. */
class AnnotationPiecesTest {

    @Test
    void aLongTextIsCutAtParagraphsIntoPiecesThatCoverItExactly() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("Paragraph ").append(i).append(" says that Lavrov met Rubio in Riyadh.\n");
        }
        List<AnnotationPieces.Piece> pieces = AnnotationPieces.split(text.toString(), 2000);
        assertTrue(pieces.size() > 10);
        StringBuilder joined = new StringBuilder();
        for (AnnotationPieces.Piece piece : pieces) {
            assertEquals(joined.length(), piece.offset());
            assertTrue(piece.text().length() <= 2000);
            assertTrue(piece.text().endsWith("\n"), "cut at a paragraph end");
            joined.append(piece.text());
        }
        assertEquals(text.toString(), joined.toString());
    }

    @Test
    void withoutParagraphsASentenceEndOrASpaceWillDo() {
        String sentences = "Talks went on. ".repeat(400);
        for (AnnotationPieces.Piece piece : AnnotationPieces.split(sentences, 1000)) {
            assertTrue(piece.text().endsWith(". ") || piece.offset() + piece.text().length() == sentences.length());
        }
        String oneWord = "x".repeat(2500);
        List<AnnotationPieces.Piece> pieces = AnnotationPieces.split(oneWord, 1000);
        assertEquals(List.of(0, 1000, 2000), pieces.stream().map(AnnotationPieces.Piece::offset).toList());
    }

    @Test
    void aShortTextIsOnePieceAndItsAnnotationUnchanged() {
        List<AnnotationPieces.Piece> pieces = AnnotationPieces.split("Lavrov met Rubio.", 1000);
        assertEquals(1, pieces.size());
        Annotation annotation = new Annotation("m", "en", List.of(new EntityMention(0, 6, "Lavrov", EntityType.PERSON,
                "person:sergey-lavrov", "Sergey Lavrov")), List.of(), List.of(), List.of());
        assertEquals(annotation, AnnotationPieces.join(pieces, List.of(annotation)));
    }

    @Test
    void offsetsOfEveryKindAreMovedIntoTheWholeText() {
        String first = "Sergey Lavrov met Marco Rubio in Riyadh on Monday.\n";
        String second = "\"We agreed,\" Rubio said on Tuesday.\n";
        List<AnnotationPieces.Piece> pieces = AnnotationPieces.split(first + second, first.length() + 4);
        assertEquals(2, pieces.size());
        List<Annotation> annotations = new ArrayList<>();
        annotations.add(new Annotation("m", "en", List.of(new EntityMention(7, 13, "Lavrov", EntityType.PERSON,
                "person:sergey-lavrov", "Sergey Lavrov")), List.of(), List.of(),
                List.of(new Event(Event.Type.MEETING, 0, 50, "met", List.of("person:sergey-lavrov"), null, null))));
        annotations.add(new Annotation("m", "en", List.of(new EntityMention(13, 18, "Rubio", EntityType.PERSON,
                "person:marco-rubio", "Marco Rubio")), List.of(new DateMention(27, 34, "Tuesday", LocalDate.of(2025, 2, 18))),
                List.of(new Quote(1, 10, "We agreed", "person:marco-rubio", "Marco Rubio")), List.of()));
        Annotation joined = AnnotationPieces.join(pieces, annotations);
        String whole = first + second;
        EntityMention rubio = joined.entities().get(1);
        assertEquals("Rubio", whole.substring(rubio.start(), rubio.end()));
        DateMention tuesday = joined.dates().get(0);
        assertEquals("Tuesday", whole.substring(tuesday.start(), tuesday.end()));
        Quote quote = joined.quotes().get(0);
        assertEquals("We agreed", whole.substring(quote.start(), quote.end()));
        assertEquals(0, joined.events().get(0).start());
        EntityMention lavrov = joined.entities().get(0);
        assertEquals("Lavrov", whole.substring(lavrov.start(), lavrov.end()));
    }
}
