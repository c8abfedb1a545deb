package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TrustHashTest {

    static final byte[] KEY = "a realm HMAC key of sixty-four bytes, as HS512 keys are.........".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SECRET = TrustCookieTest.secret(3);

    static byte[] hash(byte[] key, String realm, String user, String device, byte[] secret) {
        return TrustHash.of(key, realm, user, device, secret);
    }

    @Test
    void isAnHmacSha256OfFixedLength() {
        byte[] h = hash(KEY, "r", "u", "d", SECRET);
        assertEquals(32, h.length);
        assertArrayEquals(h, hash(KEY, "r", "u", "d", SECRET.clone()));
    }

    @Test
    void bindsKeyRealmUserDeviceAndSecret() {
        byte[] other = SECRET.clone();
        other[31] ^= 1;
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        List<byte[]> hashes = List.of(
                hash(KEY, "r", "u", "d", SECRET),
                hash(otherKey, "r", "u", "d", SECRET),
                hash(KEY, "r2", "u", "d", SECRET),
                hash(KEY, "r", "u2", "d", SECRET),
                hash(KEY, "r", "u", "d2", SECRET),
                hash(KEY, "r", "u", "d", other),
                // length prefixes: moving characters between fields changes the hash
                hash(KEY, "ru", "", "d", SECRET),
                hash(KEY, "r", "", "ud", SECRET),
                hash(KEY, "r", "ud", "", SECRET));
        Set<String> distinct = new HashSet<>();
        hashes.forEach(h -> distinct.add(HexFormat.of().formatHex(h)));
        assertEquals(hashes.size(), distinct.size());
    }

    @Test
    void refusesAMissingKey() {
        assertThrows(IllegalArgumentException.class, () -> hash(null, "r", "u", "d", SECRET));
        assertThrows(IllegalArgumentException.class, () -> hash(new byte[0], "r", "u", "d", SECRET));
        assertThrows(NullPointerException.class, () -> hash(KEY, "r", "u", "d", null));
        assertThrows(NullPointerException.class, () -> hash(KEY, null, "u", "d", SECRET));
    }

    @Test
    void equalComparesContentAndRefusesNulls() {
        byte[] a = hash(KEY, "r", "u", "d", SECRET);
        assertTrue(TrustHash.equal(a, a.clone()));
        byte[] b = a.clone();
        b[31] ^= 1;
        assertFalse(TrustHash.equal(a, b));
        assertFalse(TrustHash.equal(a, java.util.Arrays.copyOf(a, 31)));
        assertFalse(TrustHash.equal(a, null));
        assertFalse(TrustHash.equal(null, a));
        assertFalse(TrustHash.equal(null, null));
        assertTrue(TrustHash.equal(new byte[0], new byte[0]));
    }
}
