package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The declarations a form is built from agree with the parser. */
class DestinationOptionTest {

    @Test
    void everyKindHasAMetadataNameAFormKnows() {
        for (DestinationOption o : DestinationOption.values()) {
            assertTrue(Set.of("string", "int", "select", "list", "boolean", "secret").contains(o.kind().id()), o.key());
            assertFalse(o.label().isBlank() || o.help().isBlank(), o.key());
        }
    }

    @Test
    void selectsOfferTheirDefaultAndEveryChoiceParses() throws Exception {
        for (DestinationOption o : DestinationOption.values()) {
            if (o.kind() != DestinationOption.Kind.SELECT) {
                assertTrue(o.choices().isEmpty(), o.key());
                continue;
            }
            assertTrue(o.choices().contains(o.defaultValue()), o.key());
            for (String choice : o.choices()) {
                Map<String, String> c = new HashMap<>(Map.of("type", "webhook", "url", "https://example.com/", "secret", "0123456789abcdef",
                        "emails", "a@example.com"));
                c.put(o.key(), choice);
                Destination.parse("d", "n", c);
            }
        }
    }

    @Test
    void defaultsAloneMakeAValidEmailDestination() throws Exception {
        Destination d = Destination.parse("d", "n", Map.of("emails", "a@example.com"));
        assertEquals(Destination.Type.EMAIL, d.type());
    }
}
