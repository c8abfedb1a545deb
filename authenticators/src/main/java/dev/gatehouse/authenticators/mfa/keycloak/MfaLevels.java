package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one place a Gatehouse step records "this sign-in reached level N", where Keycloak reads it. {@code TokenManager}
 * copies the auth note {@link Constants#LEVEL_OF_AUTHENTICATION} into the client session, and the token's
 * {@code acr} comes from there; the level map ({@link Constants#LOA_MAP}) reaches the user session only as a
 * user-session note, which Keycloak's level condition writes in its top-flow callback. That callback runs before
 * the required actions, and not at all in a post-broker-login flow (no level condition there), so each record also
 * copies the map: otherwise a later SSO sign-in would not know what this one proved.
 */
final class MfaLevels {

    private MfaLevels() {
    }

    /** Level {@code level} reached in this sign-in (never lowers a level already reached). */
    static void reached(KeycloakSession session, AuthenticationSessionModel authSession, int level) {
        AcrStore acr = new AcrStore(session, authSession);
        if (acr.getLevelOfAuthenticationFromCurrentAuthentication() > level) {
            return;
        }
        acr.setLevelAuthenticated(level);
        authSession.setUserSessionNote(Constants.LOA_MAP, authSession.getAuthNote(Constants.LOA_MAP));
    }
}
