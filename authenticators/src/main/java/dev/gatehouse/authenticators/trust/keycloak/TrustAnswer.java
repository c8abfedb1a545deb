package dev.gatehouse.authenticators.trust.keycloak;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The condition's answer, kept in an auth note for the rest of the authentication session: Keycloak re-evaluates
 * conditions each time it walks the flow (after every form post), and a trust cookie must be consumed once. The
 * step "Trust this browser" reads it to know whether this sign-in just passed a second factor because the browser
 * was not trusted.
 */
enum TrustAnswer {
    /** A trust stood in for the second factor. */
    TRUSTED,
    /** No valid trust: the second factor runs, and the step offers to trust this browser. */
    NOT_TRUSTED,
    /**
     * A valid trust that this request may not use (a level above the condition's, a step-up): the second factor
     * runs, and the browser, trusted already, is not offered a second trust.
     */
    HELD;

    static final String NOTE = "gatehouse-trust-answer";

    /** The recorded answer, or null when the condition hasn't run in this authentication session. */
    static TrustAnswer of(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(NOTE);
        if (note == null) {
            return null;
        }
        for (TrustAnswer a : values()) {
            if (a.name().equals(note)) {
                return a;
            }
        }
        return null;
    }

    void record(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(NOTE, name());
    }
}
