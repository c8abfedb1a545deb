package dev.gatehouse.authenticators.mfa.keycloak;

/**
 * The event details and the event error the MFA policy writes (docs/mfa-policy.md, "Events"): one place for the
 * names an audit query or a SIEM rule depends on.
 */
public final class MfaEvents {

    /** What happened: enrol-offered, enrol-enforced, enrol-chosen, postponed, idp-mfa, ..., or why it was refused. */
    public static final String MFA = "gatehouse_mfa";
    /** The rule that decided ({@code Decision.reason()}). */
    public static final String REASON = "gatehouse_mfa_reason";
    /** The factor chosen at enrolment ({@code Factor.id()}). */
    public static final String FACTOR = "gatehouse_mfa_factor";
    /** Whether recovery codes follow the chosen factor. */
    public static final String RECOVERY_CODES = "gatehouse_mfa_recovery_codes";
    /** Sign-ins postponed so far, after this one. */
    public static final String POSTPONED = "gatehouse_mfa_postponed";
    /** Event error ({@code LOGIN_ERROR}) of a sign-in the policy refuses. */
    public static final String REFUSED = "gatehouse_mfa_refused";

    private MfaEvents() {
    }
}
