package dev.gatehouse.authenticators.sms.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.authenticators.sms.SmsOption;

/** The required action's config is the SmsOption declarations, one to one; the secret is a masked password field. */
class SmsConfigTest {

    @Test
    void onePropertyPerOptionInOrder() {
        List<ProviderConfigProperty> props = new SmsCodeSetupActionFactory().getConfigMetadata();
        assertEquals(Arrays.stream(SmsOption.values()).map(SmsOption::key).toList(),
                props.stream().map(ProviderConfigProperty::getName).toList());
        for (int i = 0; i < props.size(); i++) {
            SmsOption o = SmsOption.values()[i];
            ProviderConfigProperty p = props.get(i);
            assertEquals(o.label(), p.getLabel());
            assertEquals(o.help(), p.getHelpText());
            assertEquals(o.defaultValue(), p.getDefaultValue());
            assertEquals(o.kind() == SmsOption.Kind.SECRET, p.isSecret(), o.key());
        }
        assertTrue(new SmsCodeSetupActionFactory().isConfigurable());
    }

    @Test
    void kindsMapToAdminConsoleTypes() {
        assertEquals(ProviderConfigProperty.PASSWORD, SmsConfig.type(SmsOption.Kind.SECRET));
        assertEquals(ProviderConfigProperty.BOOLEAN_TYPE, SmsConfig.type(SmsOption.Kind.BOOLEAN));
        assertEquals(ProviderConfigProperty.STRING_TYPE, SmsConfig.type(SmsOption.Kind.NUMBER));
        assertEquals(ProviderConfigProperty.STRING_TYPE, SmsConfig.type(SmsOption.Kind.TEXT));
    }

    @Test
    void aProblemIsFiledUnderTheOptionItNames() {
        assertEquals(SmsOption.DAILY_PER_IP.key(), SmsConfig.optionOf(SmsOption.DAILY_PER_IP.key() + " must be 1 to 100000"));
        assertEquals(SmsOption.TWILIO_API_URL.key(), SmsConfig.optionOf(SmsOption.TWILIO_API_URL.key() + " must be https"));
        assertEquals(SmsOption.SENDER.key(), SmsConfig.optionOf("something else"));
    }

    @Test
    void validationNamesTheOptionAndTheSenderMustExist() {
        String bad = SmsConfig.problem(java.util.Map.of(SmsOption.DAILY_PER_IP.key(), "lots"), s -> true);
        assertTrue(bad.startsWith(SmsOption.DAILY_PER_IP.key()), bad);
        String noSender = SmsConfig.problem(java.util.Map.of(SmsOption.SENDER.key(), "dev"), s -> false);
        assertTrue(noSender.startsWith(SmsOption.SENDER.key()), noSender);
        assertEquals(null, SmsConfig.problem(java.util.Map.of(SmsOption.SENDER.key(), "twilio",
                SmsOption.TWILIO_ACCOUNT_SID.key(), "AC" + "0".repeat(32), SmsOption.TWILIO_FROM.key(), "+15005550006",
                SmsOption.TWILIO_SECRET.key(), "${vault.twilio}"), s -> true), "a vault reference is not resolved when saving");
    }

    @Test
    void aRefusedSecretIsNeverQuoted() {
        String problem = SmsConfig.problem(java.util.Map.of(SmsOption.TWILIO_SECRET.key(), "bad secret with spaces"), s -> true);
        assertTrue(problem == null || !problem.contains("bad secret"), problem);
    }
}
