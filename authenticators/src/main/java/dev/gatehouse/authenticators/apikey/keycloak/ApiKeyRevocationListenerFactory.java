package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: every realm's events reach it, so no realm has to list it for console removals to be recorded. */
public class ApiKeyRevocationListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-api-key-revocations";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ApiKeyRevocationListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
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

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
