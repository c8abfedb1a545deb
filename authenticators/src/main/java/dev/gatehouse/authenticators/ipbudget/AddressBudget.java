package dev.gatehouse.authenticators.ipbudget;

import java.time.Duration;
import java.util.Map;

import dev.gatehouse.authenticators.config.OptionValues;
import dev.gatehouse.authenticators.mfa.MfaOption;

/**
 * A realm's budget of failed first-factor attempts per address ({@link MfaOption#IP_FAILURES} in
 * {@link MfaOption#IP_WINDOW_MINUTES}) and its arithmetic. Plain Java.
 *
 * <p>A sliding window estimated from two fixed ones, as counters in a replicated store allow: failures are
 * counted in fixed windows of the configured length, and at a moment {@code e} seconds into window k the failures
 * of the last window length are estimated as {@code current + previous × (W − e) / W}. An address is refused
 * while that estimate has reached the budget. So a full budget spent at the end of one window isn't available
 * again the moment the next one starts (as it would be with fixed windows, doubling the burst): it comes back
 * gradually, one attempt every W / budget, which is also the most an attacker keeps up over time.
 *
 * @param failures failures allowed in a window; 0 switches the budget off
 * @param window the window length
 */
public record AddressBudget(int failures, Duration window) {

    public static final int MAX_FAILURES = 100_000;
    public static final int MAX_WINDOW_MINUTES = 1440;

    public AddressBudget {
        if (failures < 0 || failures > MAX_FAILURES || window.toMinutes() < 1 || window.toMinutes() > MAX_WINDOW_MINUTES) {
            throw new IllegalArgumentException("address budget out of range: " + failures + " in " + window);
        }
    }

    /** The two options from a policy config; a missing option takes its default.
     * @throws IllegalArgumentException naming the option whose value is malformed or out of range */
    public static AddressBudget from(Map<String, String> config) {
        return new AddressBudget(OptionValues.number(config, MfaOption.IP_FAILURES, 0, MAX_FAILURES),
                Duration.ofMinutes(OptionValues.number(config, MfaOption.IP_WINDOW_MINUTES, 1, MAX_WINDOW_MINUTES)));
    }

    public boolean disabled() {
        return failures == 0;
    }

    /** The fixed window {@code epochSecond} falls in. */
    public long windowIndex(long epochSecond) {
        return Math.floorDiv(epochSecond, window.toSeconds());
    }

    /**
     * How long a counter of window {@code index} must live: to the end of the next window, where it is still read
     * as the previous one (plus a minute of slack for clocks of nodes that differ a little).
     */
    public Duration counterLifetime(long index, long epochSecond) {
        return Duration.ofSeconds((index + 2) * window.toSeconds() - epochSecond + 60);
    }

    /**
     * Whether another attempt may be checked now, given the failures counted in the previous and the current
     * window.
     *
     * @return null when it may; otherwise how long until it may, if no further failure is counted meanwhile
     */
    public Duration refusal(int previous, int current, long epochSecond) {
        if (disabled()) {
            return null;
        }
        long w = window.toSeconds();
        long start = windowIndex(epochSecond) * w;
        long elapsed = epochSecond - start;
        // estimate >= budget, multiplied by W to stay in whole numbers
        if ((long) current * w + (long) previous * (w - elapsed) < (long) failures * w) {
            return null;
        }
        long allowedAt;
        if (current >= failures || previous == 0) {
            // Next window: the current count becomes "previous" and weighs less than the budget one second in.
            allowedAt = start + w + 1;
        } else {
            // Later in this window, when previous × (W − e) < (budget − current) × W, i.e. at the first whole
            // second e > W − (budget − current) × W / previous; never later than the next window's start.
            long e = w - ceilDiv((long) (failures - current) * w, previous) + 1;
            allowedAt = start + Math.min(e, w);
        }
        return Duration.ofSeconds(Math.max(1, allowedAt - epochSecond));
    }

    /** A wait as the whole minutes a page shows ("try again in N minutes"): rounded up, at least 1. */
    public static long minutes(Duration wait) {
        return Math.max(1, ceilDiv(wait.toSeconds(), 60));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
