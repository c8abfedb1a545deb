package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.delivery.Backoff.Jitter;

class BackoffTest {

    @Test
    void equalJitterGrowsAndStaysWithinHalfToFullOfTheExponential() {
        Backoff b = new Backoff(1000, 60_000, Jitter.EQUAL);
        Random r = new Random(42);
        long previous = 0;
        for (int n = 1; n <= 12; n++) {
            long exp = Math.min(60_000, 1000L << (n - 1));
            long d = b.delay(n, previous, r);
            assertTrue(d >= exp / 2 && d <= exp, n + ": " + d);
            assertTrue(d >= previous || exp == 60_000, "never shorter than the previous before the cap: " + previous + " -> " + d);
            previous = d;
        }
    }

    @Test
    void fullJitterStaysWithinZeroToTheExponential() {
        Backoff b = new Backoff(100, 10_000, Jitter.FULL);
        Random r = new Random(7);
        for (int n = 1; n <= 20; n++) {
            long d = b.delay(n, 0, r);
            assertTrue(d >= 0 && d <= Math.min(10_000, 100L << (n - 1)), n + ": " + d);
        }
    }

    @Test
    void decorrelatedJitterDependsOnThePreviousDelayAndIsCapped() {
        Backoff b = new Backoff(100, 5000, Jitter.DECORRELATED);
        Random r = new Random(3);
        long previous = 0;
        for (int n = 1; n <= 30; n++) {
            long d = b.delay(n, previous, r);
            assertTrue(d >= 100 && d <= Math.min(5000, Math.max(100, previous) * 3), n + ": " + previous + " -> " + d);
            previous = d;
        }
    }

    @Test
    void hugeAttemptCountsHitTheCapWithoutOverflow() {
        Backoff b = new Backoff(1000, 3_600_000, Jitter.EQUAL);
        for (int n : new int[] {40, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
            long d = b.delay(n, 0, new Random(1));
            assertTrue(d >= 1_800_000 && d <= 3_600_000, n + ": " + d);
        }
    }

    @Test
    void sameSeedSameDelays() {
        Backoff b = new Backoff(500, 60_000, Jitter.FULL);
        Random x = new Random(9);
        Random y = new Random(9);
        for (int n = 1; n < 10; n++) {
            assertEquals(b.delay(n, 0, x), b.delay(n, 0, y));
        }
    }

    @Test
    void nonsenseParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, Jitter.FULL));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10, Jitter.FULL));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 1000, null));
        assertEquals(Jitter.DECORRELATED, Jitter.parse("decorrelated"));
        assertEquals(null, Jitter.parse("DECORRELATED"));
    }
}
