package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class DeviceRecordTest {

    static final DeviceRecord TRUSTED = TrustCheckTest.device("chrome", "203.0.113.0/24");

    @Test
    void rotationMovesTheHashToPreviousAndSetsLastUsed() {
        Instant now = TrustCheckTest.NOW;
        DeviceRecord r = TRUSTED.rotated(TrustCheckTest.SECOND, now);
        assertArrayEquals(TrustCheckTest.SECOND, r.hash());
        assertArrayEquals(TrustCheckTest.FIRST, r.previousHash());
        assertEquals(now, r.lastUsed());
        // everything else stays, the expiry included
        assertEquals(new DeviceRecord(TRUSTED.name(), TRUSTED.created(), TRUSTED.expires(), now, TRUSTED.userAgentFamily(),
                TRUSTED.network(), TRUSTED.keyId(), TRUSTED.factors(), TrustCheckTest.SECOND, TrustCheckTest.FIRST), r);
        DeviceRecord twice = r.rotated(TrustCheckTest.hash(3), now.plusSeconds(60));
        assertArrayEquals(TrustCheckTest.SECOND, twice.previousHash());
        assertEquals(now.plusSeconds(60), twice.lastUsed());
        assertNull(TRUSTED.previousHash());
    }

    @Test
    void hashesAreCopiedInAndOut() {
        byte[] h = TrustCheckTest.hash(5);
        DeviceRecord r = new DeviceRecord("n", null, null, null, null, null, null, null, h, null);
        h[0] ^= 1;
        r.hash()[1] ^= 1;
        assertArrayEquals(TrustCheckTest.hash(5), r.hash());
    }

    @Test
    void equalityComparesHashContent() {
        DeviceRecord copy = new DeviceRecord(TRUSTED.name(), TRUSTED.created(), TRUSTED.expires(), TRUSTED.lastUsed(),
                TRUSTED.userAgentFamily(), TRUSTED.network(), TRUSTED.keyId(), TRUSTED.factors(), TRUSTED.hash(), null);
        assertEquals(TRUSTED, copy);
        assertEquals(TRUSTED.hashCode(), copy.hashCode());
        assertNotEquals(TRUSTED, TRUSTED.rotated(TrustCheckTest.SECOND, TRUSTED.lastUsed()));
    }

    @Test
    void toStringNeverShowsHashes() {
        DeviceRecord r = TRUSTED.rotated(TrustCheckTest.SECOND, TrustCheckTest.NOW);
        String s = r.toString();
        for (byte[] h : new byte[][] {TrustCheckTest.FIRST, TrustCheckTest.SECOND}) {
            assertFalse(s.contains(Base64.getEncoder().encodeToString(h)), s);
            assertFalse(s.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(h)), s);
            assertFalse(s.contains(HexFormat.of().formatHex(h)), s);
            assertFalse(s.contains(Arrays.toString(h)), s);
        }
        assertTrue(s.contains("Chrome on Linux"), s);
    }
}
