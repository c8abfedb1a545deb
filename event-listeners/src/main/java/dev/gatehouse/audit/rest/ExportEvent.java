package dev.gatehouse.audit.rest;

import java.util.Map;

import org.keycloak.models.KeycloakSession;

import dev.gatehouse.spi.AuditableEvent;

/** An export of the audit log, recorded as kind system, type GATEHOUSE_AUDIT_EXPORT: who, which format, which filter. */
record ExportEvent(KeycloakSession session, String realmId, Map<String, String> details) implements AuditableEvent {

    @Override
    public String type() {
        return AuditAdminResource.EXPORT_EVENT;
    }

    @Override
    public String error() {
        return null;
    }
}
