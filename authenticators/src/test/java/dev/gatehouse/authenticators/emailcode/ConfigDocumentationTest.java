package dev.gatehouse.authenticators.emailcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.testsupport.OptionsTable;

/** docs/email-codes.md's configuration table says what the factories declare: name, label, both defaults, help text. */
class ConfigDocumentationTest {

    @Test
    void docsTableMatchesTheDeclaredOptions() {
        List<ProviderConfigProperty> secondFactor = new EmailCodeAuthenticatorFactory().getConfigProperties();
        List<ProviderConfigProperty> passwordless = new PasswordlessEmailCodeAuthenticatorFactory().getConfigProperties();
        assertEquals(secondFactor.stream().map(ProviderConfigProperty::getName).toList(),
                passwordless.stream().map(ProviderConfigProperty::getName).toList(), "both factories declare the same options");
        OptionsTable.assertRows("docs/email-codes.md", IntStream.range(0, secondFactor.size()).mapToObj(i -> {
            ProviderConfigProperty p = secondFactor.get(i);
            return "| `" + p.getName() + "` | " + p.getLabel() + " | " + p.getDefaultValue() + " / "
                    + passwordless.get(i).getDefaultValue() + " | " + p.getHelpText() + " |";
        }).toList());
    }
}
