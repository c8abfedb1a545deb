package dev.gatehouse.authenticators.loa;

import java.util.Arrays;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class FactorConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-condition-factor";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private final FactorCondition condition = new FactorCondition();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Condition - factor";
    }

    @Override
    public String getHelpText() {
        return "Whether a factor (named by the steps that prove it) was proven in this SSO session, is missing, "
                + "or is available to the user. Lets a step-up ask only for the factor a session lacks.";
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
        return ProviderConfigurationBuilder.create()
                .property().name(FactorRule.STEPS).label("Steps proving the factor")
                .helpText("Authenticator provider ids whose success proves the factor, e.g. auth-username-password-form.")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
                .property().name(FactorRule.MATCH).label("Matches when the factor is")
                .helpText("proven: done in this SSO session; missing: not done; available: done, or set up by the user.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Arrays.stream(FactorRule.Match.values()).map(FactorRule.Match::option).toList())
                .defaultValue(FactorRule.DEFAULT_MATCH.option()).add()
                .property().name(FactorRule.MAX_AGE).label("Max age (seconds)")
                .helpText("How long a proof counts; use the max age of the level it serves.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(FactorRule.DEFAULT_MAX_AGE)).add()
                .build();
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
