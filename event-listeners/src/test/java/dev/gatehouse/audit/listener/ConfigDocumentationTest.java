package dev.gatehouse.audit.listener;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** The docs/audit-log.md options table says what the factory declares: name, default and help text. */
class ConfigDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() throws Exception {
        String page = Files.readString(Path.of(System.getProperty("gatehouse.root", "..")).resolve("docs/audit-log.md"));
        StringBuilder table = new StringBuilder();
        boolean all = true;
        for (ProviderConfigProperty p : new AuditEventListenerProviderFactory().getConfigMetadata()) {
            String row = "| `" + p.getName() + "` | " + (p.getDefaultValue() == null ? "" : "`" + p.getDefaultValue() + "`") + " | "
                    + p.getHelpText() + " |";
            table.append(row).append('\n');
            all &= page.contains(row);
        }
        assertTrue(all, "docs/audit-log.md options table should be:\n" + table);
    }
}
