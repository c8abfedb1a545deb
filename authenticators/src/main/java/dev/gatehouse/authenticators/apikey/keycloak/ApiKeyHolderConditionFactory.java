package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class ApiKeyHolderConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-condition-api-key-holder";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Condition - user holds API keys";
    }

    @Override
    public String getHelpText() {
        return "True when the user holds at least one API key. Keycloak's account console lists API keys (and offers "
                + "to create one) only when an enabled execution of some flow of the realm refers to them: one "
                + "execution of this condition, even in a flow bound to nothing, is enough.";
    }

    /** The API key type: what makes the account console list it (see {@link ApiKeyHolderCondition}). */
    @Override
    public String getReferenceCategory() {
        return ApiKeyCredentialModel.TYPE;
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
    public ConditionalAuthenticator getSingleton() {
        return ApiKeyHolderCondition.INSTANCE;
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
