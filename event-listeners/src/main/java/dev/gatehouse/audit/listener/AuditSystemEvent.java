package dev.gatehouse.audit.listener;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/** An event of the audit log itself (an alert, a verification), recorded like any pack module's event. */
public record AuditSystemEvent(KeycloakSession session, String realmId, String type, String error, Map<String, String> details)
        implements AuditableEvent {

    /** Publishes it: the listener records it in the session's transaction when the realm has the listener on. */
    public void publish() {
        session.getKeycloakSessionFactory().publish(this);
    }
}
