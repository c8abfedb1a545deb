package dev.gatehouse.authenticators.otp;

/** The outcome of checking a typed code. */
public enum Verdict {
    /** Right code, in time: the challenge must now be removed (single use). */
    ACCEPTED,
    /** Wrong code; attempts remain. */
    REJECTED,
    /** Wrong code and that was the last attempt, or attempts were already used up: the code is void. */
    EXHAUSTED,
    /** The code's lifetime is over (or the key it was derived with is gone). */
    EXPIRED,
    /** No code was issued in this sign-in. */
    MISSING,
    /**
     * Not this sign-in's code, but one the server mailed to the same user and address moments ago (an earlier
     * email, another tab): a mix-up, not a guess, so it counts toward no limit.
     */
    STALE;

    /** Whether the verdict is a wrong guess that brute-force detection should count. */
    public boolean guess() {
        return this == REJECTED || this == EXHAUSTED;
    }
}
