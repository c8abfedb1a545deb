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
    MISSING
}
