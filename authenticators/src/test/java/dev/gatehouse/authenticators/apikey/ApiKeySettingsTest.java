package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeySettingsTest {

    @Test
    void defaults() {
        ApiKeySettings s = ApiKeySettings.DEFAULTS;
        assertEquals("gatehouse", s.keyPrefix());
        assertEquals(90, s.defaultExpiryDays());
        assertEquals(365, s.maxExpiryDays());
        assertEquals(Duration.ofHours(24), s.rotationOverlap());
        assertEquals(600, s.rateLimitPerMinute());
        assertEquals(20, s.ipFailureLimit());
        assertEquals(Duration.ofMinutes(5), s.ipFailureWindow());
        assertEquals(List.of(), s.exchangeClients());
        assertEquals(List.of(), s.requiredHeaders());
        assertEquals(Duration.ofSeconds(10), s.cacheTtl());
        assertEquals("", s.hashSecret());
        assertNull(s.hashSecretName());
        assertEquals(20, s.maxKeysPerOwner());
        assertTrue(s.userKeys());
        assertFalse(s.exchangeAllowed("anything"));
    }

    @Test
    void readsEveryOption() {
        ApiKeySettings s = ApiKeySettings.from(Map.ofEntries(
                Map.entry("keyPrefix", "acme2"), Map.entry("defaultExpiryDays", "30"),
                Map.entry("maxExpiryDays", "60"), Map.entry("rotationOverlapHours", "720"),
                Map.entry("rateLimitPerMinute", "0"), Map.entry("ipFailureLimit", "5"),
                Map.entry("ipFailureWindowMinutes", "10"), Map.entry("exchangeClients", "cli##gateway## cli "),
                Map.entry("requiredHeaders", "X-Actor-User-Id##x-actor-user-id##X-Ticket-Reference"),
                Map.entry("cacheSeconds", "0"), Map.entry("hashSecret", "${vault.apikeys}"),
                Map.entry("maxKeysPerOwner", "3"), Map.entry("userKeys", "FALSE")));
        assertEquals("acme2", s.keyPrefix());
        assertEquals(30, s.defaultExpiryDays());
        assertEquals(60, s.maxExpiryDays());
        assertEquals(Duration.ofHours(720), s.rotationOverlap());
        assertEquals(0, s.rateLimitPerMinute());
        assertEquals(5, s.ipFailureLimit());
        assertEquals(Duration.ofMinutes(10), s.ipFailureWindow());
        assertEquals(List.of("cli", "gateway"), s.exchangeClients());
        assertTrue(s.exchangeAllowed("gateway"));
        assertFalse(s.exchangeAllowed(null));
        assertEquals(List.of("X-Actor-User-Id", "X-Ticket-Reference"), s.requiredHeaders());
        assertEquals(Duration.ZERO, s.cacheTtl());
        assertEquals("apikeys", s.hashSecretName());
        assertEquals(3, s.maxKeysPerOwner());
        assertFalse(s.userKeys());
    }

    @Test
    void blankValuesTakeTheDefault() {
        assertEquals(ApiKeySettings.DEFAULTS, ApiKeySettings.from(Map.of("keyPrefix", " ", "cacheSeconds", "")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "keyPrefix | Gatehouse",
            "keyPrefix | a",
            "keyPrefix | with_underscore",
            "defaultExpiryDays | 0",
            "defaultExpiryDays | 400",
            "maxExpiryDays | 3651",
            "rotationOverlapHours | 721",
            "rotationOverlapHours | -1",
            "rateLimitPerMinute | many",
            "ipFailureLimit | 100001",
            "ipFailureWindowMinutes | 0",
            "cacheSeconds | 301",
            "maxKeysPerOwner | 0",
            "userKeys | yes",
            "requiredHeaders | X Bad",
            "requiredHeaders | Authorization",
            "requiredHeaders | X-Actor##X-Forwarded-For",
            "hashSecret | plain-secret",
            "hashSecret | ${vault.}",
    })
    void aBadValueIsRefusedNamingTheOption(String option, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeySettings.from(Map.of(option, value)));
        assertTrue(e.getMessage().startsWith(option + " "), e.getMessage());
    }

    @Test
    void aLiteralHashSecretIsNeverQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeySettings.from(Map.of("hashSecret", "s3cr3t-value")));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void theDefaultExpiryMayNotExceedTheMaximum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeySettings.from(Map.of("defaultExpiryDays", "100", "maxExpiryDays", "50")));
        assertTrue(e.getMessage().startsWith("defaultExpiryDays "), e.getMessage());
    }

    @Test
    void optionKeysAreUnique() {
        assertEquals(ApiKeySettings.Option.values().length,
                java.util.Arrays.stream(ApiKeySettings.Option.values()).map(ApiKeySettings.Option::key).distinct().count());
    }

    @Test
    void aBrokenOptionKeepsTheOthersAndFallsBackSafely() {
        List<String> problems = new java.util.ArrayList<>();
        ApiKeySettings s = ApiKeySettings.lenient(Map.of("userKeys", "nope", "maxExpiryDays", "abc",
                "requiredHeaders", "X-Ticket##Authorization##X-Actor", "rateLimitPerMinute", "many",
                "cacheSeconds", "5", "exchangeClients", "cli"), problems);
        assertFalse(s.userKeys());
        assertEquals(90, s.maxExpiryDays());
        assertEquals(List.of("X-Ticket", "X-Actor"), s.requiredHeaders());
        assertEquals(600, s.rateLimitPerMinute());
        assertEquals(Duration.ofSeconds(5), s.cacheTtl());
        assertEquals(List.of("cli"), s.exchangeClients());
        assertEquals(4, problems.size(), problems.toString());
    }

    @Test
    void aDefaultExpiryAboveAValidMaximumIsBroughtDownToIt() {
        List<String> problems = new java.util.ArrayList<>();
        ApiKeySettings s = ApiKeySettings.lenient(Map.of("defaultExpiryDays", "100", "maxExpiryDays", "30"), problems);
        assertEquals(30, s.defaultExpiryDays());
        assertEquals(30, s.maxExpiryDays());
        assertEquals(1, problems.size());
    }

    @Test
    void aValidConfigIsReadAsIsLeniently() {
        List<String> problems = new java.util.ArrayList<>();
        assertEquals(ApiKeySettings.DEFAULTS, ApiKeySettings.lenient(Map.of(), problems));
        assertTrue(problems.isEmpty());
    }

    @Test
    void atMostTwentyRequiredHeaders() {
        String many = String.join("##", java.util.stream.IntStream.rangeClosed(1, 21).mapToObj(i -> "X-H" + i).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeySettings.from(Map.of("requiredHeaders", many)));
        assertTrue(e.getMessage().startsWith("requiredHeaders "));
    }
}
