package dev.gatehouse.audit.delivery.keycloak;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.delivery.Destination;

/**
 * The durable outbox: {@link #enqueue} writes one delivery row per matching destination of the realm, in the
 * caller's transaction, so an alert and its deliveries commit (or roll back) together. {@link DeliveryTask}
 * sends them.
 */
public final class Outbox {

    private Outbox() {
    }

    /**
     * One row per destination whose minimum severity and rule filter take the alert, enabled or not: a disabled
     * destination's rows are parked until it is enabled again (at most {@link DeliveryTask#MAX_PARKED_AGE_MILLIS}),
     * so an outage that disabled it loses nothing.
     */
    public static void enqueue(KeycloakSession session, RealmModel realm, Alert alert) {
        enqueue(session, realm, alert, d -> d.accepts(alert));
    }

    /** One row per destination (enabled or parked) that {@code which} takes; the delivery ids, in destination order. */
    static List<Delivery> enqueue(KeycloakSession session, RealmModel realm, Alert alert, Predicate<Destination> which) {
        String body;
        try {
            body = JsonSerialization.writeValueAsString(alert);
        } catch (IOException e) {
            throw new IllegalStateException("alert not serializable", e);
        }
        OutboxStore store = new OutboxStore(session);
        long now = System.currentTimeMillis();
        List<Delivery> out = new ArrayList<>();
        for (Destinations.Entry e : Destinations.of(realm)) {
            Destination d = e.destination();
            if (d == null || !which.test(d)) {
                continue;
            }
            OutboxEntity row = new OutboxEntity();
            row.setId(UUID.randomUUID().toString());
            row.setRealmId(realm.getId());
            row.setDestinationId(d.id());
            row.setAlertId(alert.id());
            row.setBody(body);
            row.setState(OutboxEntity.PENDING);
            row.setCreated(now);
            row.setNextAttempt(dueAfterBackoff(store, d.id(), now));
            store.add(row);
            out.add(new Delivery(row.getId(), d.id()));
        }
        return out;
    }

    /**
     * A destination in backoff keeps its pace: a new row waits for the destination's next attempt, not now. Only
     * reads the health row: the caller's transaction (an alert firing) never writes it.
     */
    private static long dueAfterBackoff(OutboxStore store, String destinationId, long now) {
        DestinationStateEntity s = store.findState(destinationId);
        if (s == null || s.getFailures() == 0 || s.getLastAttempt() == null) {
            return now;
        }
        return Math.max(now, s.getLastAttempt() + s.getLastDelay());
    }

    /** A queued delivery: its id (the Gatehouse-Delivery-Id header) and destination. */
    public record Delivery(String id, String destination) {
    }
}
