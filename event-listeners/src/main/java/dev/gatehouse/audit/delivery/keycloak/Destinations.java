package dev.gatehouse.audit.delivery.keycloak;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.audit.delivery.AddressPolicy;
import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.DestinationConfigException;
import dev.gatehouse.audit.listener.AuditEventListenerProviderFactory;

/** A realm's alert destinations: its components of the {@code gatehouse-alert-destination} factory, parsed. */
final class Destinations {

    private static final Logger LOG = Logger.getLogger(Destinations.class);

    private Destinations() {
    }

    /** A component and its parse: {@code destination} is null and {@code problem} set when its config is refused. */
    record Entry(ComponentModel component, Destination destination, String problem) {
    }

    static List<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), AlertDestinationProvider.class.getName())
                .filter(c -> AlertDestinationFactory.PROVIDER_ID.equals(c.getProviderId())).toList();
    }

    static List<Entry> of(RealmModel realm) {
        return components(realm).stream().map(Destinations::parse).toList();
    }

    static Optional<Entry> find(RealmModel realm, String id) {
        ComponentModel c = id == null ? null : realm.getComponent(id);
        if (c == null || !realm.getId().equals(c.getParentId()) || !AlertDestinationFactory.PROVIDER_ID.equals(c.getProviderId())) {
            return Optional.empty();
        }
        return Optional.of(parse(c));
    }

    static Entry parse(ComponentModel c) {
        try {
            return new Entry(c, Destination.parse(c.getId(), c.getName(), config(c)), null);
        } catch (DestinationConfigException e) {
            // Imported or stored before validation existed; never the value, only the field and the rule.
            LOG.warnf("gatehouse-audit: alert destination %s of realm %s is skipped: %s", c.getId(), c.getParentId(), e.getMessage());
            return new Entry(c, null, e.getMessage());
        }
    }

    /** Components keep a list per key; destinations have one value each. */
    static Map<String, String> config(ComponentModel c) {
        Map<String, String> out = new java.util.HashMap<>();
        c.getConfig().forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }

    /** The server's listener factory (its options: webhook-allow-private, the test limiter), or null if not deployed. */
    static AuditEventListenerProviderFactory listenerFactory(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class,
                AuditEventListenerProviderFactory.PROVIDER_ID) instanceof AuditEventListenerProviderFactory f ? f : null;
    }

    /** The server's webhook address policy; refuse internal addresses if the listener is not deployed. */
    static AddressPolicy addressPolicy(KeycloakSession session) {
        AuditEventListenerProviderFactory f = listenerFactory(session);
        return f == null ? new AddressPolicy(false) : f.webhookAddresses();
    }
}
