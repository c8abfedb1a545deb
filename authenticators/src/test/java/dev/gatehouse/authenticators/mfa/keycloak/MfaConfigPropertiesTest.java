package dev.gatehouse.authenticators.mfa.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.authenticators.mfa.MfaOption;

/** The admin console shows each policy option once, as its kind says, with its label, help and default. */
class MfaConfigPropertiesTest {

    @Test
    void onePropertyPerOptionInDeclarationOrder() {
        List<ProviderConfigProperty> properties = MfaConfigProperties.of();
        assertEquals(MfaOption.values().length, properties.size());
        for (int i = 0; i < properties.size(); i++) {
            MfaOption o = MfaOption.values()[i];
            ProviderConfigProperty p = properties.get(i);
            assertEquals(o.key(), p.getName());
            assertEquals(o.label(), p.getLabel());
            assertEquals(o.help(), p.getHelpText());
            assertEquals(o.defaultValue(), p.getDefaultValue());
        }
    }

    @Test
    void kindsMapToTheConsolesTypes() {
        for (ProviderConfigProperty p : MfaConfigProperties.of()) {
            MfaOption o = java.util.Arrays.stream(MfaOption.values()).filter(x -> x.key().equals(p.getName())).findFirst().orElseThrow();
            String expected = switch (o.kind()) {
                case LIST -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
                case CHOICE -> ProviderConfigProperty.LIST_TYPE;
                case BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
                case NUMBER, DATE -> ProviderConfigProperty.STRING_TYPE;
            };
            assertEquals(expected, p.getType(), o.key());
        }
        ProviderConfigProperty required = MfaConfigProperties.of().get(0);
        assertEquals(List.of("required", "optional"), required.getOptions());
    }

    @Test
    void aRefusalIsFiledUnderTheOptionItNames() {
        assertEquals("gatehouse.mfa.graceSignIns",
                MfaConfigProperties.optionOf("gatehouse.mfa.graceSignIns must be a whole number from 0 to 100, not 'x'"));
        assertEquals("gatehouse.mfa.idpTrustAcknowledged",
                MfaConfigProperties.optionOf("gatehouse.mfa.idpTrustAcknowledged must be identity provider aliases"));
    }
}
