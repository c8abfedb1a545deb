package dev.gatehouse.authenticators.otp;

import java.time.Duration;
import java.time.Instant;

/**
 * Checks a typed code against a challenge: lifetime, then an attempt slot, then the constant-time comparison.
 * The slot is taken before comparing, so however many requests arrive at once (a cluster, parallel tabs), a
 * code is compared at most {@code maxAttempts} times.
 */
public final class CodeChecker {

    private final Counters counters;

    public CodeChecker(Counters counters) {
        this.counters = counters;
    }

    /**
     * @param matcher the comparison under the challenge's key, or null when that key no longer exists
     */
    public Verdict check(Challenge challenge, CodeMatcher matcher, OtpPolicy policy, String typed, Instant now) {
        if (challenge == null) {
            return Verdict.MISSING;
        }
        if (matcher == null || challenge.expired(now)) {
            return Verdict.EXPIRED;
        }
        if (!takeAttempt(challenge, policy, now)) {
            return Verdict.EXHAUSTED;
        }
        if (matcher.matches(typed)) {
            return Verdict.ACCEPTED;
        }
        return counters.used(attemptsKey(challenge), policy.maxAttempts()) >= policy.maxAttempts()
                ? Verdict.EXHAUSTED : Verdict.REJECTED;
    }

    /**
     * Whether a typed code is that of another live challenge of the same user and address. Each comparison
     * takes one of that challenge's own attempt slots, so this is no way around the attempt limit.
     */
    public boolean matchesOther(Challenge other, CodeMatcher matcher, OtpPolicy policy, String typed, Instant now) {
        return other != null && matcher != null && !other.expired(now) && takeAttempt(other, policy, now)
                && matcher.matches(typed);
    }

    /** Attempts left for a challenge (for the page's message). */
    public int attemptsLeft(Challenge challenge, OtpPolicy policy) {
        return Math.max(0, policy.maxAttempts() - counters.used(attemptsKey(challenge), policy.maxAttempts()));
    }

    private boolean takeAttempt(Challenge challenge, OtpPolicy policy, Instant now) {
        Duration keep = Duration.between(now, challenge.expiresAt()).plusMinutes(1);
        return counters.tryAcquire(attemptsKey(challenge), policy.maxAttempts(), keep);
    }

    static String attemptsKey(Challenge challenge) {
        return "gatehouse-otp:attempts:" + challenge.id();
    }
}
