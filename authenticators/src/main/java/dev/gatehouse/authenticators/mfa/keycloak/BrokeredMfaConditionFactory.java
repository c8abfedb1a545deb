package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.AuthenticationFlowCallbackFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** A callback factory too, so Keycloak tells the condition when the sub-flow it guards succeeded. */
public class BrokeredMfaConditionFactory implements ConditionalAuthenticatorFactory, AuthenticationFlowCallbackFactory {

    public static final String PROVIDER_ID = "gatehouse-condition-mfa-broker";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private final BrokeredMfaCondition condition = new BrokeredMfaCondition();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Condition - local factor for a brokered sign-in";
    }

    @Override
    public String getHelpText() {
        return "Matches when 'Gatehouse: MFA policy for brokered sign-ins' found that this sign-in needs the local "
                + "second factor; when the guarded sub-flow succeeds, the sign-in reaches level 2.";
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
    public ConditionalAuthenticator getSingleton() {
        return condition;
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
