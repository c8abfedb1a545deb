package dev.gatehouse.authenticators.sms.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.sms.SmsOption;

class SmsSettingsLoaderTest {

    static final String SECRET = SmsOption.TWILIO_SECRET.key();

    @Test
    void vaultReferenceIsResolved() {
        List<String> asked = new java.util.ArrayList<>();
        Map<String, String> resolved = SmsSettingsLoader.resolve(Map.of(SECRET, " ${vault.twilio-token} ", "gatehouse.sms.sender", "twilio"),
                ref -> {
                    asked.add(ref);
                    return Optional.of("s3cret-token");
                });
        assertEquals(List.of("${vault.twilio-token}"), asked);
        assertEquals("s3cret-token", resolved.get(SECRET));
        assertEquals("twilio", resolved.get("gatehouse.sms.sender"));
    }

    @Test
    void missingVaultSecretIsAConfigErrorNeverAnEmptySecret() {
        for (Optional<String> answer : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SmsSettingsLoader.resolve(Map.of(SECRET, "${vault.twilio-token}"), ref -> answer));
            assertTrue(e.getMessage().startsWith(SECRET), e.getMessage());
        }
    }

    @Test
    void literalSecretIsKeptAndTheVaultNotAsked() {
        Map<String, String> resolved = SmsSettingsLoader.resolve(Map.of(SECRET, "literal-token"), ref -> {
            throw new AssertionError("no vault lookup for a literal");
        });
        assertEquals("literal-token", resolved.get(SECRET));
    }

    @Test
    void noConfigIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SmsSettingsLoader.resolve(null, ref -> Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> SmsSettingsLoader.resolve(new HashMap<>(), ref -> Optional.empty()));
    }

    @Test
    void configProblemOfAnEmptyConfigIsNone() {
        assertEquals(null, SmsConfig.problem(Map.of(), s -> false));
        Map<String, String> blanks = new HashMap<>();
        blanks.put(SmsOption.SENDER.key(), "");
        assertEquals(null, SmsConfig.problem(blanks, s -> false));
    }

    @Test
    void secretNeverAppearsInAProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmsSettingsLoader.resolve(Map.of(SECRET, "${vault.x}"), ref -> Optional.empty()));
        assertFalse(e.getMessage().contains("s3cret"));
    }
}
