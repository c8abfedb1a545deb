package dev.gatehouse.vault.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/** An admin's cluster-wide flush, for the audit log: realm, reference (or {@code *}), who, entries dropped here. */
record VaultFlushEvent(KeycloakSession session, String realmId, String error, Map<String, String> details) implements AuditableEvent {

    @Override
    public String type() {
        return "VAULT_FLUSH";
    }
}
