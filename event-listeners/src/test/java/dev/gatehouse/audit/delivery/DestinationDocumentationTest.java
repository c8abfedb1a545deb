package dev.gatehouse.audit.delivery;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.delivery.keycloak.AlertDestinationsPageFactory;
import dev.gatehouse.testsupport.OptionsTable;

/** The docs/audit-delivery.md destinations table says what the page factory declares: name, default and help text. */
class DestinationDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() {
        OptionsTable.assertDocumented("docs/audit-delivery.md", new AlertDestinationsPageFactory().getConfigProperties());
    }
}
