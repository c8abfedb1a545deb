package dev.gatehouse.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * Keeps a docs page's options table equal to the declarations: each module's ConfigDocumentationTest renders the
 * rows its factory declares and this checks the page holds every one, printing the whole table when it doesn't.
 */
public final class OptionsTable {

    private OptionsTable() {
    }

    /** Rows {@code | `name` | `default` | help text |} of the options, asserted present in the page. */
    public static void assertDocumented(String docsPage, List<ProviderConfigProperty> options) {
        assertRows(docsPage, options.stream().map(p -> "| `" + p.getName() + "` | "
                + (p.getDefaultValue() == null ? "" : "`" + p.getDefaultValue() + "`") + " | " + p.getHelpText() + " |").toList());
    }

    /** Each row, verbatim, in the page (a path such as {@code docs/vault.md} under {@code -Dgatehouse.root}, default {@code ..}). */
    public static void assertRows(String docsPage, List<String> rows) {
        String page;
        try {
            page = Files.readString(Path.of(System.getProperty("gatehouse.root", "..")).resolve(docsPage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(rows.stream().allMatch(page::contains), docsPage + " options table should be:\n" + String.join("\n", rows));
    }
}
