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
            Zelenskyy      | PERSON       | person:volodymyr-zelensky
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
        // a lone surname of a leader in office is that leader (reference data: heads of state since 2014)
        assertEquals("person:vladimir-putin", linked.get(2).entityId());
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

    // --- issue 11: linking that joins what belongs together -----------------------------------------------------

    private List<EntityMention> linkAll(String text, String... spans) {
        List<EntityLinker.RawMention> raw = new java.util.ArrayList<>();
        int from = 0;
        for (String span : spans) {
            String[] parts = span.split("/");
            int start = text.indexOf(parts[0], from);
            raw.add(new EntityLinker.RawMention(start, start + parts[0].length(), parts[0], EntityType.valueOf(parts[1])));
            from = start + parts[0].length();
        }
        return linker.link(text, raw);
    }

    @Test
    void generalIsPartOfGeneralMotorsNotARank() {
        assertEquals("org:general-motors", one("General Motors", EntityType.ORGANIZATION).entityId());
        assertEquals("org:general-motors", one("General Motors Corp.", EntityType.PERSON).entityId());
        assertEquals("org:general-electric", one("General Electric", EntityType.ORGANIZATION).entityId());
        // a rank before a person's name still goes
        assertEquals("person:vladimir-putin", one("President Vladimir Putin", EntityType.PERSON).entityId());
        assertEquals("person:ann-smith", one("Gen. Ann Smith", EntityType.PERSON).entityId());
    }

    @ParameterizedTest(name = "GM as {0}")
    @CsvSource({"LOCATION", "ORGANIZATION", "MISC", "PERSON"})
    void theIdDoesNotDependOnTheTaggersType(EntityType type) {
        EntityMention gm = one("GM", type);
        assertEquals("org:general-motors", gm.entityId());
        assertEquals(EntityType.ORGANIZATION, gm.type());
        assertEquals("org:bloomberg", one("Bloomberg", type == EntityType.PERSON ? EntityType.LOCATION : type).entityId());
    }

    @Test
    void acronymsJoinTheirExpansions() {
        List<EntityMention> defined = linkAll("Shares of Acme Widget Works (AWW) fell; AWW said it would cut jobs.",
                "Acme Widget Works/ORGANIZATION", "AWW/ORGANIZATION", "AWW/LOCATION");
        assertEquals(List.of("org:acme-widget-works", "org:acme-widget-works", "org:acme-widget-works"),
                defined.stream().map(EntityMention::entityId).toList());
        List<EntityMention> initials = linkAll("The U.S. Air Force ordered jets. USAF officials said the Air Force "
                + "would pay.", "U.S. Air Force/ORGANIZATION", "USAF/ORGANIZATION", "Air Force/ORGANIZATION");
        assertEquals(1, initials.stream().map(EntityMention::entityId).distinct().count(), initials::toString);
        List<EntityMention> gm = linkAll("General Motors (GM) and Ford.", "General Motors/ORGANIZATION", "GM/MISC");
        assertEquals("org:general-motors", gm.get(1).entityId());
        // Reuters marks a private company's name <...>; the tagger's name ends before the ">" (a symbol)
        List<EntityMention> marked = linkAll("Its unit <Widgetco Holdings Corp> (WHX) in Ohio said WHX would grow.",
                "Widgetco Holdings Corp/ORGANIZATION", "WHX/ORGANIZATION", "WHX/ORGANIZATION");
        assertEquals(1, marked.stream().map(EntityMention::entityId).distinct().count(), marked::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Apple Inc.              | org:apple
            Apple Computer          | org:apple
            Apple Computer Inc      | org:apple
            Chrysler Group          | org:chrysler
            Chrysler LLC            | org:chrysler
            Bank of America Corp.   | org:bank-of-america
            Ford Motor Co           | org:ford
            Widgetco Holdings plc   | org:widgetco
            Siemens AG              | org:siemens
            """)
    void legalFormsAndCorporateSuffixesFold(String name, String id) {
        assertEquals(id, one(name, EntityType.ORGANIZATION).entityId());
        assertEquals(one(name.split(" ")[0].equals("Bank") ? "Bank of America" : name.split(" ")[0],
                EntityType.ORGANIZATION).entityId(), id);
    }

    @Test
    void aLoneFordInACompanyStoryIsTheCompany() {
        List<EntityMention> linked = linkAll("Bill Ford, the chairman, spoke. Ford shares rose as Ford sold more "
                + "trucks.", "Bill Ford/PERSON", "Ford/ORGANIZATION", "Ford/ORGANIZATION");
        assertEquals("person:bill-ford", linked.get(0).entityId());
        assertEquals("org:ford", linked.get(1).entityId());
        assertEquals("org:ford", linked.get(2).entityId());
        assertEquals("org:ford", one("Ford", EntityType.ORGANIZATION).entityId());
        // where the document reads it as the person it names in full, it is that person
        List<EntityMention> person = linkAll("Bill Ford spoke. Ford said he was pleased.", "Bill Ford/PERSON",
                "Ford/PERSON");
        assertEquals("person:bill-ford", person.get(1).entityId());
    }

    @Test
    void aLoneFirstNameIsThePersonTheDocumentNamesInFull() {
        List<EntityMention> linked = linkAll("Steve Jobs unveiled the phone. Steve said it was magic.",
                "Steve Jobs/PERSON", "Steve/PERSON");
        assertEquals("person:steve-jobs", linked.get(1).entityId());
        // two people with that first name: the lone name stays unlinked to either
        List<EntityMention> two = linkAll("Steve Jobs met Steve Ballmer. Steve said no.",
                "Steve Jobs/PERSON", "Steve Ballmer/PERSON", "Steve/PERSON");
        assertEquals("person:steve", two.get(2).entityId());
    }

    @Test
    void zelenskyNamedBySurnameOnlyIsThePresident() {
        // seed 002 names him by surname only, before any article names him in full; the tagger takes one Putin for MISC
        assertEquals("person:volodymyr-zelensky", one("Zelensky", EntityType.PERSON).entityId());
        assertEquals("person:vladimir-putin", one("Putin", EntityType.MISC).entityId());
        assertEquals("org:bloomberg", one("Bloomberg", EntityType.LOCATION).entityId());
    }

    @Test
    void referenceEntitiesKeepTheirExternalIdentifiers() {
        assertEquals("Q81965", EntityLinker.reference("org:general-motors").qid());
        assertEquals("Q1899", EntityLinker.reference("place:kyiv").qid());
        assertEquals("703448", EntityLinker.reference("place:kyiv").geonamesId());
        assertEquals("Q3874799", EntityLinker.reference("person:volodymyr-zelensky").qid());
    }
}
