package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyFormatTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final SecureRandom random = new SecureRandom();

    @Test
    void aNewKeyIsPrefixRandomChecksum() {
        String key = ApiKeyFormat.generate("gatehouse", random);
        String[] parts = key.split("_");
        assertEquals(3, parts.length);
        assertEquals("gatehouse", parts[0]);
        assertEquals(43, parts[1].length());
        assertEquals(6, parts[2].length());
        assertTrue((parts[1] + parts[2]).chars().allMatch(c -> ALPHABET.indexOf(c) >= 0));
        // 43 base62 characters carry 43 × log2(62) ≈ 256.03 bits.
        assertTrue(43 * Math.log(62) / Math.log(2) >= 256);
    }

    @Test
    void aNewKeyParsesWithItsDisplayPrefix() {
        String key = ApiKeyFormat.generate("acme", random);
        ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key);
        assertNotNull(parsed);
        assertEquals("acme", parsed.prefix());
        assertEquals(key.substring(0, "acme_".length() + 6), parsed.displayPrefix());
    }

    @Test
    void keysDiffer() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeyFormat.generate("gatehouse", random));
        }
        assertEquals(1000, keys.size());
    }

    @Test
    void checksumIsCrc32InBase62PaddedToSix() {
        // CRC32("a") = 0xe8b7be43 = 3904355907; in base62: 4GEHKN, no padding needed.
        assertEquals("4GEHKN", ApiKeyFormat.checksum("a"));
        // CRC32("") = 0: all padding.
        assertEquals("000000", ApiKeyFormat.checksum(""));
    }

    @Test
    void everySingleCharacterTypoIsRefused() {
        String key = ApiKeyFormat.generate("gatehouse", random);
        for (int i = 0; i < key.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c != key.charAt(i) && key.charAt(i) != '_') {
                    String typo = key.substring(0, i) + c + key.substring(i + 1);
                    assertNull(ApiKeyFormat.parse(typo), typo);
                }
            }
        }
    }

    @Test
    void everyAdjacentSwapIsRefused() {
        String key = ApiKeyFormat.generate("gatehouse", random);
        for (int i = 0; i + 1 < key.length(); i++) {
            if (key.charAt(i) != key.charAt(i + 1)) {
                String swapped = key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
                assertNull(ApiKeyFormat.parse(swapped), swapped);
            }
        }
    }

    @Test
    void aDroppedOrAddedCharacterIsRefused() {
        String key = ApiKeyFormat.generate("gatehouse", random);
        assertNull(ApiKeyFormat.parse(key.substring(1)));
        assertNull(ApiKeyFormat.parse(key.substring(0, key.length() - 1)));
        assertNull(ApiKeyFormat.parse(key + "a"));
        assertNull(ApiKeyFormat.parse(" " + key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gatehouse", "gatehouse__", "_abc_def", "Gatehouse_x_y", "g_abc_123456",
            "gatehouse_0000000000000000000000000000000000000000000_00000!"})
    void malformedIsRefused(String key) {
        assertNull(ApiKeyFormat.parse(key));
    }

    @Test
    void nullAndHugeAreRefusedUnread() {
        assertNull(ApiKeyFormat.parse(null));
        assertNull(ApiKeyFormat.parse("a".repeat(100_000)));
    }

    @Test
    void aRightChecksumOnAForeignAlphabetIsRefused() {
        String body = "gatehouse_" + "é".repeat(43);
        assertNull(ApiKeyFormat.parse(body + "_" + ApiKeyFormat.checksum(body)));
    }

    @Test
    void prefixSyntax() {
        assertTrue(ApiKeyFormat.validPrefix("gatehouse"));
        assertTrue(ApiKeyFormat.validPrefix("ab"));
        assertTrue(ApiKeyFormat.validPrefix("a234567890123456"));
        assertFalse(ApiKeyFormat.validPrefix("a"));
        assertFalse(ApiKeyFormat.validPrefix("a2345678901234567"));
        assertFalse(ApiKeyFormat.validPrefix("1abc"));
        assertFalse(ApiKeyFormat.validPrefix("Abc"));
        assertFalse(ApiKeyFormat.validPrefix("ab_c"));
        assertFalse(ApiKeyFormat.validPrefix("ab-c"));
        assertFalse(ApiKeyFormat.validPrefix(null));
        assertThrows(IllegalArgumentException.class, () -> ApiKeyFormat.generate("Bad", random));
    }

    @Test
    void theChecksumDependsOnThePrefix() {
        String key = ApiKeyFormat.generate("gatehouse", random);
        String moved = "acme" + key.substring("gatehouse".length());
        assertNotEquals(key, moved);
        assertNull(ApiKeyFormat.parse(moved));
    }
}
