package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class BrokeredMfaAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-mfa-broker";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: MFA policy for brokered sign-ins";
    }

    @Override
    public String getHelpText() {
        return "First step of a post-broker-login flow: applies the realm's MFA policy (the config of required action "
                + "gatehouse-mfa-enrol) to the sign-in, using the identity provider's trust setting and its ID token's "
                + "amr/acr, and records the level reached. Follow it with a sub-flow guarded by "
                + "'Gatehouse: Condition - local factor for a brokered sign-in'.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new BrokeredMfaAuthenticator();
    }

    @Override
    public void init(Config.Scope config) {
        // no server-wide options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to look up
    }

    @Override
    public void close() {
        // no resources
    }
}
