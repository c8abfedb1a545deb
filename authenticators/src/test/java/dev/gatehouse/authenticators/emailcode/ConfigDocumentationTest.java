package dev.gatehouse.authenticators.emailcode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.authenticators.otp.OtpPolicy;

/** The README's configuration table says what the factories declare: name, label, defaults, help text. */
class ConfigDocumentationTest {

    @Test
    void readmeTableMatchesTheDeclaredOptions() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("gatehouse.root", "..")).resolve("docs/email-codes.md"));
        var secondFactor = new EmailCodeAuthenticatorFactory().getConfigProperties();
        var passwordless = new PasswordlessEmailCodeAuthenticatorFactory().getConfigProperties();
        for (int i = 0; i < secondFactor.size(); i++) {
            ProviderConfigProperty p = secondFactor.get(i);
            String row = "| `" + p.getName() + "` | " + p.getLabel() + " | " + p.getDefaultValue() + " / "
                    + passwordless.get(i).getDefaultValue() + " | " + p.getHelpText() + " |";
            assertTrue(readme.contains(row), "docs/email-codes.md lacks the row\n" + row);
        }
        assertTrue(secondFactor.size() == 8 && OtpPolicy.SECOND_FACTOR.length() == 6);
    }
}
