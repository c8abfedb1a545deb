package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Whether the user holds an API key (a {@code gatehouse-api-key} credential). It only decides whether a
 * conditional sub-flow runs, so it can never sign anyone in; e.g. a sub-flow asking a second factor of key holders.
 *
 * <p>Its other job: Keycloak's account console lists a credential type only when an enabled execution of one of
 * the realm's flows refers to it (AccountCredentialResource's enabled credential types); this condition's
 * reference category is the API key type, so one execution of it anywhere, even in an unbound flow, makes
 * "API keys" appear under Signing in.
 */
public class ApiKeyHolderCondition implements ConditionalAuthenticator {

    static final ApiKeyHolderCondition INSTANCE = new ApiKeyHolderCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        return user != null && user.credentialManager().getStoredCredentialsByTypeStream(ApiKeyCredentialModel.TYPE)
                .findAny().isPresent();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition has no form
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up
    }

    @Override
    public void close() {
    }
}
