package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.ArrayList;
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

import dev.gatehouse.authenticators.apikey.ApiKeySettings;

/**
 * Creates an API key in the account console ("Set up"); its config (Authentication → Required actions → ⚙) is the
 * realm's API key settings, declared once in {@link ApiKeySettings.Option}, plus Keycloak's own "Maximum Age of
 * Authentication": creating a key asks for a fresh sign-in like changing a password does.
 */
public class ApiKeyCreateActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = ApiKeySettingsLoader.ACTION_ID;

    private static final List<ProviderConfigProperty> CONFIG = config();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Gatehouse: Create an API key";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new ApiKeyCreateAction();
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CONFIG;
    }

    /** Refuses a bad value naming the option before it is saved (the admin REST answers 400). */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        try {
            ApiKeySettings.from(model.getConfig() == null ? Map.of() : model.getConfig());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(new ValidationError(PROVIDER_ID, ApiKeySettingsLoader.optionOf(e.getMessage()),
                    e.getMessage()));
        }
    }

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> out = new ArrayList<>(ApiKeySettingsLoader.configProperties());
        out.addAll(MAX_AUTH_AGE_CONFIG_PROPERTIES);
        return List.copyOf(out);
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
