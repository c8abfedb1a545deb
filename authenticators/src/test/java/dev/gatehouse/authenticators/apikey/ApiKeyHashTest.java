package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ApiKeyHashTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY = "gatehouse_abc_def";

    @Test
    void isLowerCaseHexOfSha256Length() {
        String h = ApiKeyHash.of(SECRET, "realm", KEY);
        assertEquals(64, h.length());
        assertTrue(h.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'));
    }

    @Test
    void isDeterministic() {
        assertEquals(ApiKeyHash.of(SECRET, "realm", KEY), ApiKeyHash.of(SECRET.clone(), "realm", KEY));
    }

    @Test
    void dependsOnSecretRealmAndKey() {
        String h = ApiKeyHash.of(SECRET, "realm", KEY);
        assertNotEquals(h, ApiKeyHash.of("another secret".getBytes(StandardCharsets.US_ASCII), "realm", KEY));
        assertNotEquals(h, ApiKeyHash.of(SECRET, "realm2", KEY));
        assertNotEquals(h, ApiKeyHash.of(SECRET, "realm", KEY + "x"));
    }

    @Test
    void partsAreLengthPrefixedSoBoundariesCantShift() {
        assertNotEquals(ApiKeyHash.of(SECRET, "ab", "c"), ApiKeyHash.of(SECRET, "a", "bc"));
    }

    @Test
    void refusesAMissingSecret() {
        assertThrows(IllegalArgumentException.class, () -> ApiKeyHash.of(null, "realm", KEY));
        assertThrows(IllegalArgumentException.class, () -> ApiKeyHash.of(new byte[0], "realm", KEY));
    }
}
