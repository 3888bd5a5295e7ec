package dev.dragoman.nlp.linking;

import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EntityLinkerTest {

    private final EntityLinker linker = new EntityLinker();

    private EntityMention one(String text, EntityType type) {
        return linker.link(List.of(new EntityLinker.RawMention(0, text.length(), text, type))).get(0);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sergei Lavrov  | PERSON       | person:sergey-lavrov
            Sergey Lavrov  | PERSON       | person:sergey-lavrov
            Dmitri Peskov  | PERSON       | person:dmitry-peskov
            Dmitry Peskov  | PERSON       | person:dmitry-peskov
            Kiev           | LOCATION     | place:kyiv
            Kyiv           | LOCATION     | place:kyiv
            Lugansk        | LOCATION     | place:luhansk
            Donbass        | LOCATION     | place:donbas
            Zelenskyy      | PERSON       | person:zelensky
            Volodymyr Zelenskyy | PERSON  | person:volodymyr-zelensky
            U.S.           | LOCATION     | place:united-states
            US             | ORGANIZATION | place:united-states
            Russian        | MISC         | misc:russian
            Russia         | LOCATION     | place:russia
            Kyiv           | ORGANIZATION | place:kyiv
            Doha           | PERSON       | place:doha
            Moscow         | PERSON       | place:moscow
            """)
    void spellingVariantsMeetInOneId(String text, EntityType type, String id) {
        assertEquals(id, one(text, type).entityId());
    }

    @Test
    void surnameJoinsThePersonNamedInFullInTheSameDocument() {
        List<EntityMention> linked = linker.link(List.of(
                new EntityLinker.RawMention(0, 13, "Sergei Lavrov", EntityType.PERSON),
                new EntityLinker.RawMention(40, 46, "Lavrov", EntityType.ORGANIZATION),
                new EntityLinker.RawMention(60, 68, "Lavrov's", EntityType.PERSON)));
        assertEquals(List.of("person:sergey-lavrov", "person:sergey-lavrov", "person:sergey-lavrov"),
                linked.stream().map(EntityMention::entityId).toList());
        assertEquals(EntityType.PERSON, linked.get(1).type());
        assertEquals("Sergey Lavrov", linked.get(2).canonicalName());
    }

    @Test
    void titlesAreNotPartOfTheName() {
        List<EntityMention> linked = linker.link(List.of(
                new EntityLinker.RawMention(0, 10, "Tony Blair", EntityType.PERSON),
                new EntityLinker.RawMention(20, 29, "Mr Blair", EntityType.PERSON),
                new EntityLinker.RawMention(40, 58, "President Putin", EntityType.PERSON)));
        assertEquals("person:tony-blair", linked.get(1).entityId());
        assertEquals("person:putin", linked.get(2).entityId());
    }

    @Test
    void demonymsStayApartFromPlaces() {
        List<EntityMention> linked = linker.link(List.of(
                new EntityLinker.RawMention(0, 7, "Russian", EntityType.MISC),
                new EntityLinker.RawMention(10, 16, "Russia", EntityType.LOCATION)));
        assertEquals("misc:russian", linked.get(0).entityId());
        assertEquals("place:russia", linked.get(1).entityId());
        // even where the tagger took the adjective for a place (seed 003: "Ukrainian")
        List<EntityMention> tagged = linker.link(List.of(
                new EntityLinker.RawMention(0, 9, "Ukrainian", EntityType.LOCATION),
                new EntityLinker.RawMention(20, 27, "Britain", EntityType.LOCATION)));
        assertEquals("misc:ukrainian", tagged.get(0).entityId());
        assertEquals("place:united-kingdom", tagged.get(1).entityId());
    }
}
