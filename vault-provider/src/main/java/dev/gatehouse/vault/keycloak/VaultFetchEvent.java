package dev.gatehouse.vault.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/** One backend fetch (not a cache hit), for the audit log: realm, reference, backend, outcome; never the value. */
record VaultFetchEvent(KeycloakSession session, String realmId, String error, Map<String, String> details) implements AuditableEvent {

    @Override
    public String type() {
        return "VAULT_FETCH";
    }
}
