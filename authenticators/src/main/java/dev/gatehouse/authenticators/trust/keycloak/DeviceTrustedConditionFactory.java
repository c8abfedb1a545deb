package dev.gatehouse.authenticators.trust.keycloak;

import java.security.SecureRandom;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.authenticators.trust.TrustOption;

public class DeviceTrustedConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-condition-device-trusted";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private static final List<ProviderConfigProperty> CONFIG = TrustConfigProperties.of(TrustOption.Target.CONDITION);

    private final DeviceTrustedCondition condition = new DeviceTrustedCondition(new SecureRandom());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Condition - device trusted";
    }

    @Override
    public String getHelpText() {
        return "Whether this browser holds a valid trust of the user (see 'Gatehouse: Trust this browser'). Put it in "
                + "the second-factor sub-flow with 'not-trusted', so a trusted browser skips the second factor. A trust "
                + "that stands in is used once and renewed.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
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
        return CONFIG;
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
