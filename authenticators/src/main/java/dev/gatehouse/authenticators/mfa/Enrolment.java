package dev.gatehouse.authenticators.mfa;

import java.time.LocalDate;

/**
 * When a user the policy requires a second factor of, and who has none, may postpone setting one up. Plain Java;
 * the glue (the enrolment step and the factor choice) only gathers the facts.
 */
public final class Enrolment {

    /** Why enrolment may not be postponed in a sign-in; {@link #NO} when it may. */
    public enum Enforced {
        NO(null), ESSENTIAL_ACR("essential-acr"), GRACE_OVER("grace-over");

        private final String note;

        Enforced(String note) {
            this.note = note;
        }

        /** The value kept in the sign-in's auth note (null for {@link #NO}). */
        public String note() {
            return note;
        }
    }

    private Enrolment() {
    }

    /**
     * @param levelTwoDemanded the client demands level 2 or more (an essential acr)
     * @param postponed        sign-ins the user already postponed
     */
    public static Enforced enforced(boolean levelTwoDemanded, Grace grace, int postponed, LocalDate today) {
        if (levelTwoDemanded) {
            return Enforced.ESSENTIAL_ACR;
        }
        return grace.open(postponed, today) ? Enforced.NO : Enforced.GRACE_OVER;
    }

    /**
     * Whether the choice offers "Set up later". Only for the enrolment the policy step added in this sign-in and
     * did not enforce: never when the user asked for it (kc_action: Keycloak offers its own cancel), nor when an
     * admin set the action on the user (Keycloak would delete it for good when "later" succeeds).
     *
     * @param userInitiated  asked for by the application or account console, not enforced by Keycloak
     * @param addedByPolicy  the policy step added the action in this sign-in without enforcing it
     * @param setByAdmin     the user carries the action as their own required action
     */
    public static boolean laterOffered(boolean userInitiated, boolean addedByPolicy, boolean setByAdmin, Grace grace,
                                       int postponed, LocalDate today) {
        return !userInitiated && addedByPolicy && !setByAdmin && grace.open(postponed, today);
    }

    /**
     * The date the page names as the end of the grace, or null: only when it is what keeps "later" open (no
     * postponable sign-ins left by count).
     */
    public static LocalDate untilShown(boolean laterOffered, Grace grace, int postponed) {
        return laterOffered && grace.remainingSignIns(postponed) == 0 ? grace.until() : null;
    }
}
