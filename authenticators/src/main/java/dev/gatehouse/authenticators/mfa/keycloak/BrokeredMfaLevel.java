package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Records the level a brokered sign-in reached, where Keycloak reads it. {@code TokenManager} copies the auth note
 * {@link Constants#LEVEL_OF_AUTHENTICATION} into the client session, and the token's {@code acr} comes from there;
 * the level map ({@link Constants#LOA_MAP}) reaches the user session only as a user-session note, which Keycloak's
 * level condition writes in its top-flow callback. No level condition runs in a post-broker-login flow, so a
 * brokered session would otherwise carry no levels, and a later SSO sign-in would not know what it proved.
 */
final class BrokeredMfaLevel {

    private BrokeredMfaLevel() {
    }

    static void record(KeycloakSession session, AuthenticationSessionModel authSession, int level) {
        AcrStore acr = new AcrStore(session, authSession);
        if (acr.getLevelOfAuthenticationFromCurrentAuthentication() > level) {
            return;
        }
        acr.setLevelAuthenticated(level);
        authSession.setUserSessionNote(Constants.LOA_MAP, authSession.getAuthNote(Constants.LOA_MAP));
    }
}
