package dev.gatehouse.authenticators.reset;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Ends every session of the user, online and offline, once the reset link proved the mailbox. Keycloak's own
 * update-password page leaves this to an unticked "sign out from other devices" box ({@code UpdatePassword} reads
 * {@code logout-sessions}); a reset after a stolen session must end that session whatever the box says. Runs before
 * the new password is chosen, so an abandoned reset still ended them: asking to sign in again is the safe side.
 */
public class EndSessionsAuthenticator implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        // The session this very reset runs in (none, normally) is Keycloak's business, as in AuthenticatorUtil.
        String own = context.getAuthenticationSession().getParentSession().getId();
        List<UserSessionModel> sessions = Stream.concat(
                        session.sessions().getUserSessionsStream(realm, user),
                        session.sessions().getOfflineUserSessionsStream(realm, user))
                .filter(s -> !Objects.equals(s.getId(), own))
                .toList(); // a list first: each logout removes from the streamed store
        for (UserSessionModel s : sessions) {
            AuthenticationManager.backchannelLogout(session, s, true);
            context.getEvent().clone().event(EventType.LOGOUT).user(user).session(s)
                    .detail(Details.LOGOUT_TRIGGERED_BY_ACTION_TOKEN, ResetCredentialsActionToken.TOKEN_TYPE)
                    .success();
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // no page
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up
    }

    @Override
    public void close() {
        // no resources
    }
}
