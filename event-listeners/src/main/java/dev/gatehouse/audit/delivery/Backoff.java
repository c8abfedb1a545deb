package dev.gatehouse.audit.delivery;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, capped. Jitter keeps many Keycloak realms (or nodes after a restart) from
 * retrying a recovering receiver in lock step. The random source is a parameter, so tests pass a seeded one.
 *
 * @param baseMillis first delay's scale
 * @param capMillis  no delay is longer
 * @param jitter     how the random part is drawn
 */
public record Backoff(long baseMillis, long capMillis, Jitter jitter) {

    public enum Jitter {
        /** Uniform in [0, exp]: the widest spread; a later delay may be shorter than an earlier one. */
        FULL,
        /** Uniform in [exp/2, exp]: still spread, but each delay is at least the previous one (until the cap). */
        EQUAL,
        /** Uniform in [base, 3 × previous]: spread that depends on the previous delay, not the attempt count. */
        DECORRELATED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code full}, {@code equal} or {@code decorrelated}; null for anything else. */
        public static Jitter parse(String text) {
            for (Jitter j : values()) {
                if (j.id().equals(text)) {
                    return j;
                }
            }
            return null;
        }
    }

    public Backoff {
        if (baseMillis <= 0 || capMillis < baseMillis || jitter == null) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap and a jitter");
        }
    }

    /**
     * The delay after the {@code failures}-th consecutive failure (1 for the first).
     *
     * @param previousMillis the delay chosen after the previous failure (used by {@link Jitter#DECORRELATED}; 0 if none)
     */
    public long delay(int failures, long previousMillis, RandomGenerator random) {
        int n = Math.max(1, failures);
        // base × 2^(n-1), or the cap once that would reach it or overflow.
        int shift = n - 1;
        long exp = shift < Long.numberOfLeadingZeros(baseMillis) - 1 ? Math.min(capMillis, baseMillis << shift) : capMillis;
        return switch (jitter) {
            case FULL -> random.nextLong(exp + 1);
            case EQUAL -> exp / 2 + random.nextLong(exp - exp / 2 + 1);
            case DECORRELATED -> {
                long upper = Math.min(capMillis, Math.max(baseMillis, previousMillis) * 3);
                yield baseMillis + random.nextLong(Math.max(1, upper - baseMillis + 1));
            }
        };
    }
}
