package dev.gatehouse.authenticators.apikey;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.OptionsTable;

/** docs/api-keys.md holds the options table equal to {@link ApiKeySettings.Option}, in declaration order. */
class ConfigDocumentationTest {

    static final String PAGE = "docs/api-keys.md";

    @Test
    void optionsTableMatchesTheDeclarations() {
        List<String> rows = Arrays.stream(ApiKeySettings.Option.values())
                .map(o -> "| `" + o.key() + "` | " + o.label() + " | "
                        + (o.defaultValue().isEmpty() ? "" : "`" + o.defaultValue() + "`") + " | " + o.help() + " |")
                .toList();
        OptionsTable.assertRows(PAGE, List.of(String.join("\n", rows)));
    }
}
