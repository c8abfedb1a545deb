package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** What the two policy steps share: no page, nothing to configure per user, a user looked at only when known. */
abstract class MfaStep implements Authenticator {

    @Override
    public void action(AuthenticationFlowContext context) {
        // no form
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // the enrolment step adds gatehouse-mfa-enrol to the sign-in itself
    }

    @Override
    public void close() {
        // no resources
    }
}
