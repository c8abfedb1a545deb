package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.vault.keycloak.GatehouseVaultProviderFactory;

/** The docs/vault.md options table says what the factory declares: name, default and help text. */
class ConfigDocumentationTest {

    @Test
    void readmeTableMatchesTheDeclaredOptions() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("gatehouse.root", "..")).resolve("docs/vault.md"));
        StringBuilder table = new StringBuilder();
        boolean all = true;
        for (ProviderConfigProperty p : new GatehouseVaultProviderFactory().getConfigMetadata()) {
            String row = "| `" + p.getName() + "` | " + (p.getDefaultValue() == null ? "" : "`" + p.getDefaultValue() + "`") + " | "
                    + p.getHelpText() + " |";
            table.append(row).append('\n');
            all &= readme.contains(row);
        }
        assertTrue(all, "docs/vault.md options table should be:\n" + table);
    }
}
