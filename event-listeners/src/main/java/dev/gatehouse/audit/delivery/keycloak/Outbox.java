package dev.gatehouse.audit.delivery.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.audit.alert.Alert;

/**
 * The durable outbox: {@link #enqueue} writes one delivery row per matching destination of the realm, in the
 * caller's transaction, so an alert and its deliveries commit (or roll back) together. Lane delivery implements it.
 */
public final class Outbox {

    private Outbox() {
    }

    public static void enqueue(KeycloakSession session, RealmModel realm, Alert alert) {
        // contract stub
    }
}
