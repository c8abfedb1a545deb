package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrustCheckTest {

    static final byte[] KEY = TrustHashTest.KEY;
    static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant EXPIRES = CREATED.plus(Duration.ofDays(30));
    static final Instant NOW = CREATED.plus(Duration.ofDays(3));
    static final String FACTORS = Fingerprint.of(List.of(Fingerprint.entry("p1", "password", 1L),
            Fingerprint.entry("o1", "otp", 2L)));
    static final byte[] FIRST = hash(1);
    static final byte[] SECOND = hash(2);

    static byte[] hash(int secret) {
        return TrustHash.of(KEY, "realm", "user", "device", TrustCookieTest.secret(secret));
    }

    static DeviceRecord device(String family, String network) {
        return new DeviceRecord("Chrome on Linux", CREATED, EXPIRES, CREATED, family, network, "kid-1", FACTORS, FIRST, null);
    }

    static TrustReason check(DeviceRecord d, byte[] presented, Instant now) {
        return TrustCheck.check(d, presented, now, FACTORS, "chrome", "203.0.113.0/24");
    }

    @Test
    void honoursTheCurrentSecret() {
        assertNull(check(device(null, null), FIRST.clone(), NOW));
        assertNull(check(device(null, null), FIRST, EXPIRES.minusMillis(1)));
    }

    @Test
    void expiredAtAndAfterTheExpiry() {
        assertEquals(TrustReason.EXPIRED, check(device(null, null), FIRST, EXPIRES));
        assertEquals(TrustReason.EXPIRED, check(device(null, null), FIRST, EXPIRES.plusSeconds(1)));
        assertEquals(TrustReason.EXPIRED, check(device(null, null), FIRST, EXPIRES.plus(Duration.ofDays(400))));
        DeviceRecord noExpiry = new DeviceRecord("n", CREATED, null, CREATED, null, null, "kid-1", FACTORS, FIRST, null);
        assertEquals(TrustReason.EXPIRED, check(noExpiry, FIRST, NOW));
    }

    @Test
    void factorsChangedSinceTheTrust() {
        String added = Fingerprint.of(List.of(Fingerprint.entry("p1", "password", 1L), Fingerprint.entry("o1", "otp", 2L),
                Fingerprint.entry("w1", "webauthn", 3L)));
        assertEquals(TrustReason.FACTORS_CHANGED, TrustCheck.check(device(null, null), FIRST, NOW, added, "chrome", null));
        assertEquals(TrustReason.FACTORS_CHANGED, TrustCheck.check(device(null, null), FIRST, NOW, null, "chrome", null));
        DeviceRecord unknown = new DeviceRecord("n", CREATED, EXPIRES, CREATED, null, null, "kid-1", null, FIRST, null);
        assertEquals(TrustReason.FACTORS_CHANGED, check(unknown, FIRST, NOW));
    }

    @Test
    void replayedPreviousSecret() {
        DeviceRecord rotated = device(null, null).rotated(SECOND, NOW);
        assertNull(check(rotated, SECOND, NOW));
        assertEquals(TrustReason.REPLAYED, check(rotated, FIRST, NOW));
    }

    @Test
    void tamperedSecret() {
        byte[] flipped = FIRST.clone();
        flipped[0] ^= 1;
        assertEquals(TrustReason.TAMPERED, check(device(null, null), flipped, NOW));
        assertEquals(TrustReason.TAMPERED, check(device(null, null), SECOND, NOW));
        assertEquals(TrustReason.TAMPERED, check(device(null, null), null, NOW));
        assertEquals(TrustReason.TAMPERED, check(device(null, null), new byte[0], NOW));
        // a hash made for another user (a cookie moved between people) does not match either
        assertEquals(TrustReason.TAMPERED, check(device(null, null),
                TrustHash.of(KEY, "realm", "mallory", "device", TrustCookieTest.secret(1)), NOW));
    }

    @Test
    void boundUserAgentFamily() {
        DeviceRecord bound = device("chrome", null);
        assertNull(TrustCheck.check(bound, FIRST, NOW, FACTORS, "chrome", null));
        assertEquals(TrustReason.BINDING_USER_AGENT, TrustCheck.check(bound, FIRST, NOW, FACTORS, "firefox", null));
        assertEquals(TrustReason.BINDING_USER_AGENT, TrustCheck.check(bound, FIRST, NOW, FACTORS, null, null));
    }

    @Test
    void boundNetwork() {
        DeviceRecord bound = device(null, "203.0.113.0/24");
        assertNull(TrustCheck.check(bound, FIRST, NOW, FACTORS, "firefox", "203.0.113.0/24"));
        assertEquals(TrustReason.BINDING_NETWORK, TrustCheck.check(bound, FIRST, NOW, FACTORS, "chrome", "198.51.100.0/24"));
        assertEquals(TrustReason.BINDING_NETWORK, TrustCheck.check(bound, FIRST, NOW, FACTORS, "chrome", null));
        DeviceRecord both = device("chrome", "2001:db8:1::/48");
        assertNull(TrustCheck.check(both, FIRST, NOW, FACTORS, "chrome", "2001:db8:1::/48"));
        assertEquals(TrustReason.BINDING_USER_AGENT, TrustCheck.check(both, FIRST, NOW, FACTORS, "safari", "198.51.100.0/24"));
    }

    @Test
    void checksInTheDocumentedOrder() {
        DeviceRecord rotated = device("chrome", "203.0.113.0/24").rotated(SECOND, NOW);
        String changed = Fingerprint.of(List.of());
        byte[] tampered = hash(9);
        // everything wrong: expired wins
        assertEquals(TrustReason.EXPIRED, TrustCheck.check(rotated, FIRST, EXPIRES, changed, "firefox", null));
        // then factors changed, before any hash is looked at
        assertEquals(TrustReason.FACTORS_CHANGED, TrustCheck.check(rotated, FIRST, NOW, changed, "firefox", null));
        assertEquals(TrustReason.FACTORS_CHANGED, TrustCheck.check(rotated, tampered, NOW, changed, "firefox", null));
        // then a replay, before the binding
        assertEquals(TrustReason.REPLAYED, TrustCheck.check(rotated, FIRST, NOW, FACTORS, "firefox", null));
        // then tampering, before the binding
        assertEquals(TrustReason.TAMPERED, TrustCheck.check(rotated, tampered, NOW, FACTORS, "firefox", null));
        // then the family, before the network
        assertEquals(TrustReason.BINDING_USER_AGENT, TrustCheck.check(rotated, SECOND, NOW, FACTORS, "firefox", null));
        assertEquals(TrustReason.BINDING_NETWORK, TrustCheck.check(rotated, SECOND, NOW, FACTORS, "chrome", null));
        assertNull(TrustCheck.check(rotated, SECOND, NOW, FACTORS, "chrome", "203.0.113.0/24"));
    }

    @Test
    void noRecordIsAnUnknownDevice() {
        assertEquals(TrustReason.UNKNOWN_DEVICE, check(null, FIRST, NOW));
    }
}
