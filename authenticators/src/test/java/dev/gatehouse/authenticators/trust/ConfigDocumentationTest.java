package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.OptionsTable;

/**
 * docs/trusted-devices.md's two options tables say what {@link TrustOption} declares: the step's options under
 * "## Options of the step", the condition's under "## Options of the condition", each in its own section.
 */
class ConfigDocumentationTest {

    static final String PAGE = "docs/trusted-devices.md";
    static final String STEP_SECTION = "## Options of the step";
    static final String CONDITION_SECTION = "## Options of the condition";

    static List<String> rows(TrustOption.Target target) {
        return Arrays.stream(TrustOption.values()).filter(o -> o.target() == target)
                .map(o -> "| `" + o.key() + "` | " + o.label() + " | `" + o.defaultValue() + "` | " + o.help() + " |").toList();
    }

    /** The page's text from the heading to the next heading of the same level. */
    static String section(String heading) throws IOException {
        String page = "\n" + Files.readString(Path.of(System.getProperty("gatehouse.root", "..")).resolve(PAGE));
        int start = page.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, PAGE + " should have a section '" + heading + "'");
        int end = page.indexOf("\n## ", start + heading.length() + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    static void assertSection(String heading, List<String> rows) throws IOException {
        OptionsTable.assertRows(PAGE, rows);
        String section = section(heading);
        assertTrue(rows.stream().allMatch(section::contains),
                PAGE + " section '" + heading + "' should hold the table:\n" + String.join("\n", rows));
    }

    @Test
    void stepOptionsTableMatchesTrustOption() throws IOException {
        assertSection(STEP_SECTION, rows(TrustOption.Target.STEP));
    }

    @Test
    void conditionOptionsTableMatchesTrustOption() throws IOException {
        assertSection(CONDITION_SECTION, rows(TrustOption.Target.CONDITION));
    }
}
