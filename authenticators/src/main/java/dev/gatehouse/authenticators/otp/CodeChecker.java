package dev.gatehouse.authenticators.otp;

import java.time.Duration;
import java.time.Instant;

/** Checks a typed code against a challenge: lifetime, then attempts, then the constant-time comparison. */
public final class CodeChecker {

    private final Counters counters;

    public CodeChecker(Counters counters) {
        this.counters = counters;
    }

    /**
     * @param codes the derivation under the challenge's key, or null when that key no longer exists
     */
    public Verdict check(Challenge challenge, CodeBinding binding, OneTimeCodes codes, OtpPolicy policy,
                         String typed, Instant now) {
        if (challenge == null) {
            return Verdict.MISSING;
        }
        if (codes == null || challenge.expired(now)) {
            return Verdict.EXPIRED;
        }
        String attempts = attemptsKey(challenge);
        if (counters.used(attempts, policy.maxAttempts()) >= policy.maxAttempts()) {
            return Verdict.EXHAUSTED;
        }
        if (codes.matches(binding, challenge.nonce(), policy.length(), typed)) {
            return Verdict.ACCEPTED;
        }
        Duration keep = Duration.between(now, challenge.expiresAt()).plusMinutes(1);
        if (!counters.tryAcquire(attempts, policy.maxAttempts(), keep)
                || counters.used(attempts, policy.maxAttempts()) >= policy.maxAttempts()) {
            return Verdict.EXHAUSTED;
        }
        return Verdict.REJECTED;
    }

    /** Attempts left for a challenge (for the page's message). */
    public int attemptsLeft(Challenge challenge, OtpPolicy policy) {
        return Math.max(0, policy.maxAttempts() - counters.used(attemptsKey(challenge), policy.maxAttempts()));
    }

    static String attemptsKey(Challenge challenge) {
        return "gatehouse-otp:attempts:" + challenge.id();
    }
}
