package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/**
 * An API key event for the audit log: a use ({@value #USE}) or a management change. Details never hold the key or
 * its hash. Published with {@link #publish}.
 */
public record ApiKeyEvent(KeycloakSession session, String realmId, String type, String error,
                          Map<String, String> details) implements AuditableEvent {

    public static final String USE = "GATEHOUSE_API_KEY_USE";
    public static final String CREATED = "GATEHOUSE_API_KEY_CREATED";
    public static final String ROTATED = "GATEHOUSE_API_KEY_ROTATED";
    public static final String REVOKED = "GATEHOUSE_API_KEY_REVOKED";

    public ApiKeyEvent {
        details = Map.copyOf(details);
    }

    public void publish() {
        session.getKeycloakSessionFactory().publish(this);
    }
}
