package dev.gatehouse.authenticators.sms;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.keycloak.OtpConfigProperties;
import dev.gatehouse.testsupport.OptionsTable;

/**
 * docs/sms-codes.md's two options tables say what is declared: the realm options ({@link SmsOption}, in the
 * setup required action's config) and the sign-in step's code policy (the {@code gatehouse-sms-code} execution).
 */
class ConfigDocumentationTest {

    static final String PAGE = "docs/sms-codes.md";

    static List<String> realmRows() {
        return Arrays.stream(SmsOption.values()).map(o -> "| `" + o.key() + "` | " + o.label() + " | "
                + (o.defaultValue().isEmpty() ? "" : "`" + o.defaultValue() + "`") + " | " + o.help() + " |").toList();
    }

    static List<String> stepRows() {
        return OtpConfigProperties.of(OtpPolicy.SECOND_FACTOR).stream().map(p -> "| `" + p.getName() + "` | " + p.getLabel()
                + " | `" + p.getDefaultValue() + "` | " + p.getHelpText() + " |").toList();
    }

    @Test
    void realmOptionsTableMatchesSmsOption() {
        OptionsTable.assertRows(PAGE, realmRows());
    }

    @Test
    void signInStepOptionsTableMatchesTheCodePolicy() {
        OptionsTable.assertRows(PAGE, stepRows());
    }
}
