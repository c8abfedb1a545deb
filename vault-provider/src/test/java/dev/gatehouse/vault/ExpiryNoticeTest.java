package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which fetches the provider warns about: a fresh value whose known expiry or rotation falls within expiry-warning. */
class ExpiryNoticeTest {

    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    static final Duration TWO_WEEKS = Duration.ofDays(14);

    static SecretResolver.Lookup fetched(Instant expires, Instant rotates) {
        return lookup(SecretCache.Outcome.FETCHED, true, expires, rotates);
    }

    static SecretResolver.Lookup lookup(SecretCache.Outcome outcome, boolean fetched, Instant expires, Instant rotates) {
        return new SecretResolver.Lookup(Optional.of(new byte[] {1}), "aws", "keycloak/demo/smtp", outcome, "", fetched, expires, rotates);
    }

    @Test
    void aRotationWithinTheWarningIsReportedWithTheTimeLeft() {
        ExpiryNotice n = ExpiryNotice.of(fetched(null, NOW.plus(Duration.ofDays(3))), TWO_WEEKS, NOW).orElseThrow();
        assertEquals(new ExpiryNotice(ExpiryNotice.ROTATES, NOW.plus(Duration.ofDays(3)), 259_200), n);
        assertTrue(ExpiryNotice.of(fetched(null, NOW.plus(TWO_WEEKS)), TWO_WEEKS, NOW).isPresent(), "exactly at the edge");
        assertTrue(ExpiryNotice.of(fetched(null, NOW.plus(TWO_WEEKS).plusSeconds(1)), TWO_WEEKS, NOW).isEmpty());
    }

    @Test
    void expiryComesBeforeRotationWhenBothAreNear() {
        ExpiryNotice n = ExpiryNotice.of(fetched(NOW.plusSeconds(7200), NOW.plusSeconds(60)), TWO_WEEKS, NOW).orElseThrow();
        assertEquals(ExpiryNotice.EXPIRES, n.kind());
        assertEquals(7200, n.inSeconds());
        assertEquals(ExpiryNotice.ROTATES, ExpiryNotice.of(fetched(NOW.plus(Duration.ofDays(60)), NOW.plusSeconds(60)), TWO_WEEKS, NOW)
                .orElseThrow().kind(), "a far expiry doesn't hide a near rotation");
    }

    @Test
    void anOverdueRotationIsReportedAsPast() {
        assertEquals(-600, ExpiryNotice.of(fetched(null, NOW.minusSeconds(600)), TWO_WEEKS, NOW).orElseThrow().inSeconds());
    }

    @Test
    void hitsStaleValuesFailuresAndZeroAreNotReported() {
        Instant soon = NOW.plusSeconds(60);
        assertTrue(ExpiryNotice.of(fetched(soon, null), Duration.ZERO, NOW).isEmpty(), "expiry-warning 0");
        assertTrue(ExpiryNotice.of(lookup(SecretCache.Outcome.HIT, false, soon, null), TWO_WEEKS, NOW).isEmpty());
        assertTrue(ExpiryNotice.of(lookup(SecretCache.Outcome.STALE, true, soon, null), TWO_WEEKS, NOW).isEmpty());
        assertTrue(ExpiryNotice.of(lookup(SecretCache.Outcome.FAILED, true, NOW.minusSeconds(1), null), TWO_WEEKS, NOW).isEmpty());
        assertTrue(ExpiryNotice.of(fetched(null, null), TWO_WEEKS, NOW).isEmpty(), "nothing known");
    }
}
