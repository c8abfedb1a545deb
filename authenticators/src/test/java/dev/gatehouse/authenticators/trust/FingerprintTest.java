package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    static final String PASSWORD = Fingerprint.entry("p1", "password", 1764496800000L);
    static final String OTP = Fingerprint.entry("o1", "otp", 1764496900000L);
    static final String EMAIL = Fingerprint.entry("e1", "gatehouse-email-code", 1764497000000L);

    @Test
    void entryIsIdTypeCreated() {
        assertEquals("p1:password:1764496800000", PASSWORD);
        assertEquals("p1:password:null", Fingerprint.entry("p1", "password", null));
    }

    @Test
    void orderDoesNotMatter() {
        List<String> entries = new ArrayList<>(List.of(PASSWORD, OTP, EMAIL));
        String fingerprint = Fingerprint.of(entries);
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(entries, random);
            assertEquals(fingerprint, Fingerprint.of(entries));
        }
        assertEquals(fingerprint, Fingerprint.of(Set.of(EMAIL, OTP, PASSWORD)));
        assertTrue(fingerprint.matches("[A-Za-z0-9_-]{43}"), fingerprint);
    }

    @Test
    void anyChangeChangesIt() {
        String before = Fingerprint.of(List.of(PASSWORD, OTP));
        // a factor added, removed, reset (new id, new date), or the password changed (same id, new date)
        assertNotEquals(before, Fingerprint.of(List.of(PASSWORD, OTP, EMAIL)));
        assertNotEquals(before, Fingerprint.of(List.of(PASSWORD)));
        assertNotEquals(before, Fingerprint.of(List.of(PASSWORD, Fingerprint.entry("o2", "otp", 1764500000000L))));
        assertNotEquals(before, Fingerprint.of(List.of(Fingerprint.entry("p1", "password", 1764500000000L), OTP)));
        assertNotEquals(before, Fingerprint.of(List.of(PASSWORD, Fingerprint.entry("o1", "webauthn", 1764496900000L))));
        assertNotEquals(Fingerprint.of(List.of()), Fingerprint.of(List.of("")));
        // entries are kept apart: moving text between them changes it
        assertNotEquals(Fingerprint.of(List.of("ab", "c")), Fingerprint.of(List.of("a", "bc")));
        assertNotEquals(Fingerprint.of(List.of("a\nb")), Fingerprint.of(List.of("a", "b")));
    }

    @Test
    void nullAndEmptyAreTheSame() {
        assertEquals(Fingerprint.of(List.of()), Fingerprint.of(null));
    }
}
