package dev.gatehouse.authenticators.loa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** docs/levels-of-authentication.md lists the condition's options as the factory declares them. */
class FactorConditionDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() throws Exception {
        String docs = Files.readString(Path.of(System.getProperty("gatehouse.root", "..")).resolve("docs/levels-of-authentication.md"));
        StringBuilder table = new StringBuilder();
        boolean all = true;
        for (ProviderConfigProperty p : new FactorConditionFactory().getConfigProperties()) {
            String row = "| `" + p.getName() + "` | " + p.getLabel() + " | "
                    + (p.getDefaultValue() == null ? "" : "`" + p.getDefaultValue() + "`") + " | " + p.getHelpText() + " |";
            table.append(row).append('\n');
            all &= docs.contains(row);
        }
        assertTrue(all, "docs/levels-of-authentication.md options table should be:\n" + table);
    }

    @Test
    void idStartsWithThePackPrefix() {
        assertEquals("gatehouse-condition-factor", new FactorConditionFactory().getId());
    }
}
