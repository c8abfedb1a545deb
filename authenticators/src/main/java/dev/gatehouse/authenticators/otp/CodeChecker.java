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
        return checkRemote(challenge, matcher == null ? null
                : t -> matcher.matches(t) ? RemoteCodeMatcher.Answer.MATCH : RemoteCodeMatcher.Answer.NO_MATCH,
                policy, typed, now);
    }

    /**
     * As {@link #check}, with the comparison made by the service that made the code: when it gives no answer the
     * verdict is {@link Verdict#UNAVAILABLE}, no guess.
     */
    public Verdict checkRemote(Challenge challenge, RemoteCodeMatcher matcher, OtpPolicy policy, String typed, Instant now) {
        if (challenge == null) {
            return Verdict.MISSING;
        }
        if (matcher == null || challenge.expired(now)) {
            return Verdict.EXPIRED;
        }
        if (!takeAttempt(challenge, policy, now)) {
            return Verdict.EXHAUSTED;
        }
        RemoteCodeMatcher.Answer answer = matcher.check(typed);
        if (!answer.answered()) {
            // The slot taken above stays taken: Counters can't give one back, and that is the point of the slot.
            // However the service fails or recovers, a code goes to it at most maxAttempts times.
            return Verdict.UNAVAILABLE;
        }
        if (answer.matches()) {
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
