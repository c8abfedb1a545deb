package dev.gatehouse.authenticators.mfa;

import java.time.LocalDate;

/**
 * How long a user who must enrol may postpone it: a number of sign-ins, a date (UTC, inclusive), or both.
 *
 * @param signIns sign-ins that may be postponed (0 = none by count)
 * @param until   last day enrolment may be postponed, or null
 */
public record Grace(int signIns, LocalDate until) {

    /**
     * @param used sign-ins the user already postponed
     * @return sign-ins still postponable by count (never negative)
     */
    public int remainingSignIns(int used) {
        return Math.max(0, signIns - Math.max(0, used));
    }

    /**
     * Whether "Set up later" is still offered.
     *
     * @param used  sign-ins the user already postponed
     * @param today the current UTC date
     */
    public boolean open(int used, LocalDate today) {
        return remainingSignIns(used) > 0 || (until != null && !today.isAfter(until));
    }
}
