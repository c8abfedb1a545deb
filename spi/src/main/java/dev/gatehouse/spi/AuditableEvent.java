package dev.gatehouse.spi;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderEvent;

/**
 * Something a pack module did that the audit log should record, though Keycloak has no event type for it (a
 * vault fetch, for one). Published with {@code KeycloakSessionFactory.publish}; the audit listener, when
 * installed, records it in the session's transaction, like any event (or in one of its own when the session
 * has none active).
 */
public interface AuditableEvent extends ProviderEvent {

    /** The session the event happened in. */
    KeycloakSession session();

    /** The realm's id, or null for server-wide events. */
    String realmId();

    /** A short upper-case type, e.g. VAULT_FETCH. */
    String type();

    /** Null on success, else a short error code. */
    String error();

    /** Details for the record; never secret values. */
    Map<String, String> details();
}
