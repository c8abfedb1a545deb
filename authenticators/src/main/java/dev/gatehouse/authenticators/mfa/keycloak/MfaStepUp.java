package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.Decision;
import dev.gatehouse.authenticators.mfa.SignIn;

/**
 * Decide and raise, in one place for the two steps that do it: the policy step in the forms sub-flow and the SSO
 * step before the cookie. The policy decides on the sign-in; when it wants a local second factor (the identity
 * provider's MFA doesn't stand in), the level the client asked for (client note
 * {@link Constants#REQUESTED_LEVEL_OF_AUTHENTICATION}, which Keycloak's level conditions and its cookie step read)
 * is raised to at least 2. It is never lowered: a client asking for more keeps it.
 */
final class MfaStepUp {

    static final int SECOND_FACTOR_LEVEL = 2;

    private MfaStepUp() {
    }

    /**
     * @param raiseAllowed whether raising leads anywhere in this sign-in (the caller's part: e.g. the user has a
     *                     second factor to give)
     */
    static Decision decideAndRaise(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                   SignIn signIn, boolean raiseAllowed) {
        Decision decision = MfaPolicies.load(session, realm).decide(signIn);
        if (decision.mfaRequired() && !decision.idpMfa() && raiseAllowed) {
            raiseRequestedLevel(authSession, SECOND_FACTOR_LEVEL);
        }
        return decision;
    }

    private static void raiseRequestedLevel(AuthenticationSessionModel authSession, int level) {
        String asked = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
        int current;
        try {
            current = asked == null ? Constants.NO_LOA : Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            current = Constants.NO_LOA;
        }
        if (current < level) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(level));
        }
    }
}
