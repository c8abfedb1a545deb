package dev.gatehouse.authenticators.loa;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;

/**
 * Ends a sign-in whose SSO session stays below the level the client asked for because the user cannot reach it
 * (no second factor). Keycloak checks an essential {@code acr} only in the level condition's top-flow callback,
 * which runs only when a level sub-flow succeeded in this request. When every level is skipped, Keycloak fails
 * the flow for having nothing to run, and a plain "allow access" step would let a demand pass unchecked. This
 * step lets a wish through at the session's level and refuses a demand with Keycloak's own message and event.
 */
public class LevelCheckAuthenticator implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AcrStore acr = new AcrStore(context.getSession(), context.getAuthenticationSession());
        LevelRequest request = new LevelRequest(acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow()),
                acr.isLevelOfAuthenticationForced());
        int reached = acr.getLevelOfAuthenticationFromCurrentAuthentication();
        if (request.refuses(reached)) {
            // A page and an event here, not an exception: inside the ALTERNATIVE forms sub-flow Keycloak would
            // swallow it and show "unexpected error" without an event.
            context.getEvent().user(context.getUser()).detail(Details.AUTHENTICATION_ERROR_DETAIL,
                    "essential level " + request.requested() + " not reached: " + reached)
                    .error(Errors.GENERIC_AUTHENTICATION_ERROR);
            Response page = context.form().setError(Messages.ACR_NOT_FULFILLED).createErrorPage(Response.Status.BAD_REQUEST);
            context.failure(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, page);
            return;
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // no form
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
