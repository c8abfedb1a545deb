package dev.gatehouse.audit.listener;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.OptionsTable;

/** The docs/audit-log.md options table says what the factory declares: name, default and help text. */
class ConfigDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() {
        OptionsTable.assertDocumented("docs/audit-log.md", new AuditEventListenerProviderFactory().getConfigMetadata());
    }
}
