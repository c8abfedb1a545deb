package dev.gatehouse.authenticators.sms.keycloak;

import java.util.List;

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

/**
 * The SMS enrolment action; its config (Authentication &gt; Required actions &gt; the gear) holds the realm's SMS
 * settings, declared once in {@link dev.gatehouse.authenticators.sms.SmsOption}.
 */
public class SmsCodeSetupActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "gatehouse-sms-code-setup";

    private static final List<ProviderConfigProperty> CONFIG = SmsConfig.properties();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Gatehouse: Set up SMS codes";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new SmsCodeSetupAction();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CONFIG;
    }

    /** Refuses a bad value with the option's name (never quoting a secret) before it is saved. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        String problem = SmsConfig.problem(model.getConfig(),
                sender -> session.getKeycloakSessionFactory().getProviderFactory(SmsSenderProvider.class, sender) != null);
        if (problem != null) {
            throw new ValidationException(new ValidationError(PROVIDER_ID, SmsConfig.optionOf(problem), problem));
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
