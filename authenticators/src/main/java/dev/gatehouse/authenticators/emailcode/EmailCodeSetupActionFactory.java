package dev.gatehouse.authenticators.emailcode;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class EmailCodeSetupActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "gatehouse-email-code-setup";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Gatehouse: Set up email codes";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new EmailCodeSetupAction();
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
