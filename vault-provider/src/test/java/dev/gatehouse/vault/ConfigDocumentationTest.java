package dev.gatehouse.vault;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.OptionsTable;
import dev.gatehouse.vault.keycloak.GatehouseVaultProviderFactory;

/** The docs/vault.md options table says what the factory declares: name, default and help text. */
class ConfigDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() {
        OptionsTable.assertDocumented("docs/vault.md", new GatehouseVaultProviderFactory().getConfigMetadata());
    }
}
