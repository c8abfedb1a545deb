package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/**
 * A sender: {@code twilio}, {@code twilio-verify} or {@code dev}. The Twilio senders take everything from the
 * realm's settings, so their server-wide lifecycle is empty by default.
 */
public interface SmsSenderProviderFactory extends ProviderFactory<SmsSenderProvider> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
