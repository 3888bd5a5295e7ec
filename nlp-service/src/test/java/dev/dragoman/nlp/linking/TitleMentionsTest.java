package dev.dragoman.nlp.linking;

import dev.dragoman.common.api.EntityMention;
import dev.dragoman.common.api.EntityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TitleMentionsTest {

    private static final TitleMentions OFFICES = TitleMentions.bundled();
    private static final EntityLinker LINKER = new EntityLinker();
    /** The people of the examples, as the tagger would find them. */
    private static final Pattern PEOPLE = Pattern.compile("Sergei Lavrov|Sergey Lavrov|Dmitry Peskov|Donald Trump"
            + "|Vladimir Putin|Hakan Fidan|Marco Rubio|Volodymyr Zelensky|Rustem Umerov|Lavrov|Peskov");

    private static List<EntityMention> people(String text) {
        List<EntityLinker.RawMention> raw = new ArrayList<>();
        Matcher m = PEOPLE.matcher(text);
        while (m.find()) {
            raw.add(new EntityLinker.RawMention(m.start(), m.end(), m.group(), EntityType.PERSON));
        }
        return LINKER.link(raw);
    }

    /** The office mentions found: "text=id" each. */
    private static List<String> offices(String text) {
        List<EntityMention> named = people(text);
        return OFFICES.addOffices(text, named).stream().filter(m -> !named.contains(m))
                .map(m -> m.text() + "=" + m.entityId()).toList();
    }

    /** Expected office mentions in text order ("; " between them); an appositive office is a mention too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            title before the name, possessive later | Russian Foreign Minister Sergei Lavrov arrived. Russia's foreign minister said talks went well. | Russia's foreign minister=person:sergey-lavrov
            bare office with its body (seed 001)     | Kremlin spokesman Dmitry Peskov said on Friday. Talks can only begin at the delegation level, Kremlin spokesman stressed. | Kremlin spokesman=person:dmitry-peskov
            appositive after the name                | Dmitry Peskov, the Kremlin spokesman, spoke. The Kremlin spokesman added nothing. | Kremlin spokesman=person:dmitry-peskov; Kremlin spokesman=person:dmitry-peskov
            the office alone when one holds it       | Turkish Foreign Minister Hakan Fidan intends to travel. The foreign minister will meet officials. | foreign minister=person:hakan-fidan
            spelling variants are one holder         | Russian Foreign Minister Sergey Lavrov spoke. Russian Foreign Minister Sergei Lavrov has said so. The foreign minister left. | foreign minister=person:sergey-lavrov
            adjective and possessive are one office  | US Secretary of State Marco Rubio met them. The US secretary of state said it went well. | US secretary of state=person:marco-rubio
            """)
    void anOfficeIsThePersonTheDocumentGivesIt(String name, String text, String expected) {
        assertEquals(List.of(expected.split("; ")), offices(text));
    }

    @Test
    void anOfficeHeldByTwoPeopleStaysUnlinkedUnlessItsCountrySaysWhich() {
        String text = "US President Donald Trump spoke with Russian President Vladimir Putin. The president said "
                + "it went well. The Russian president disagreed, and Ukraine's president was not asked.";
        assertEquals(List.of("Russian president=person:vladimir-putin"), offices(text));
    }

    @Test
    void officesWithoutAHolderInTheDocumentAreNotInvented() {
        assertTrue(offices("The foreign minister said talks went well. Kremlin spokesman stressed it.").isEmpty());
        // "Defense Minister Rustem Umerov" binds Umerov to the Ukrainian defence ministry, not to other offices
        assertEquals(List.of(), offices("Ukrainian Defense Minister Rustem Umerov reported. The foreign minister left."));
        assertEquals(List.of("Ukraine's defence minister=person:rustem-umerov"),
                offices("Ukrainian Defense Minister Rustem Umerov reported. Ukraine's defence minister left."));
    }

    @Test
    void officeMentionsCarryExactOffsets() {
        String text = "Kremlin spokesman Dmitry Peskov said so. Later, the Kremlin spokesman added more.";
        List<EntityMention> all = OFFICES.addOffices(text, people(text));
        for (EntityMention m : all) {
            assertEquals(m.text(), text.substring(m.start(), m.end()));
        }
        assertEquals(2, all.size());
        assertTrue(all.get(0).start() < all.get(1).start(), "text order");
    }
}
