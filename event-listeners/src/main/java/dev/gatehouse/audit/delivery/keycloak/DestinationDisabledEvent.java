package dev.gatehouse.audit.delivery.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/**
 * A destination turned off after its failure limit, for the audit log (kind system); lane alerts' built-in rule
 * turns the record into a CRITICAL alert to the other destinations.
 */
record DestinationDisabledEvent(KeycloakSession session, String realmId, Map<String, String> details) implements AuditableEvent {

    static final String TYPE = "GATEHOUSE_DESTINATION_DISABLED";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String error() {
        return null;
    }
}
