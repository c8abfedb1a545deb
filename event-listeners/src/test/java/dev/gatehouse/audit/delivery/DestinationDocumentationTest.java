package dev.gatehouse.audit.delivery;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.delivery.keycloak.AlertDestinationFactory;
import dev.gatehouse.testsupport.OptionsTable;

/** The docs/audit-delivery.md destinations table says what the component factory declares: name, default and help text. */
class DestinationDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() {
        OptionsTable.assertDocumented("docs/audit-delivery.md", new AlertDestinationFactory().getConfigProperties());
    }
}
