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
    STALE,
    /**
     * The service that makes and checks the codes (Twilio Verify) gave no answer: no guess, the code may be tried
     * again. The attempt slot taken before asking stays used.
     */
    UNAVAILABLE;

    /** Whether the verdict is a wrong guess that brute-force detection should count. */
    public boolean guess() {
        return this == REJECTED || this == EXHAUSTED;
    }

    /**
     * Whether the flow records the verdict as a failed check (an error event; a guess also counts for brute-force
     * detection). A mix-up or a check that could not be made is none: the user simply tries again.
     */
    public boolean failure() {
        return this != ACCEPTED && this != STALE && this != UNAVAILABLE;
    }
}
