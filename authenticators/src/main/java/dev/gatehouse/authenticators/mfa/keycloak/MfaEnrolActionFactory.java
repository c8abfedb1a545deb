package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

import dev.gatehouse.authenticators.ipbudget.AddressBudget;
import dev.gatehouse.authenticators.mfa.MfaPolicy;

/**
 * The factor choice; its config (Authentication &gt; Required actions &gt; the gear) is the realm's MFA policy,
 * declared once in {@link dev.gatehouse.authenticators.mfa.MfaOption}.
 */
public class MfaEnrolActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "gatehouse-mfa-enrol";

    private static final List<ProviderConfigProperty> CONFIG = MfaConfigProperties.of();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Gatehouse: Set up a second factor";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new MfaEnrolAction();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CONFIG;
    }

    /** Refuses a bad value naming the option before it is saved (the admin REST answers 400). */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        try {
            MfaPolicy.of(model.getConfig());
            // The address budget's options live in the same config; their one parser is AddressBudget.
            AddressBudget.from(model.getConfig() == null ? Map.of() : model.getConfig());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(new ValidationError(PROVIDER_ID, MfaConfigProperties.optionOf(e.getMessage()),
                    e.getMessage()));
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
