package dev.gatehouse.vault.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/**
 * A backend fetch whose value expires or rotates within {@code expiry-warning}, for the audit log and its alert
 * rules: reference, backend, name, {@code expires} or {@code rotates}, {@code in_seconds}; never the value. Not an
 * error: the value was served.
 */
record VaultExpiringEvent(KeycloakSession session, String realmId, Map<String, String> details) implements AuditableEvent {

    static final String TYPE = "VAULT_SECRET_EXPIRING";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String error() {
        return null;
    }
}
