package dev.gatehouse.authenticators.mfa;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.gatehouse.testsupport.OptionsTable;

/**
 * docs/mfa-policy.md holds one options table per {@link MfaOption.Group}, each equal to the declarations of that
 * group, in their order.
 */
class ConfigDocumentationTest {

    static final String PAGE = "docs/mfa-policy.md";

    static List<String> rows(MfaOption.Group group) {
        return Arrays.stream(MfaOption.values()).filter(o -> o.group() == group)
                .map(o -> "| `" + o.key() + "` | " + o.label() + " | "
                        + (o.defaultValue().isEmpty() ? "" : "`" + o.defaultValue() + "`") + " | " + o.help() + " |")
                .toList();
    }

    @ParameterizedTest
    @EnumSource(MfaOption.Group.class)
    void eachGroupsTableMatchesMfaOption(MfaOption.Group group) {
        // One block per group: every row, in declaration order, none missing between them.
        OptionsTable.assertRows(PAGE, List.of(String.join("\n", rows(group))));
    }
}
