package dev.gatehouse.audit.delivery.keycloak;

/** A claimed outbox row, detached from the persistence context for sending outside the claim's transaction. */
record OutboxRow(String id, String realmId, String destinationId, String alertId, String body) {

    static OutboxRow of(OutboxEntity e) {
        return new OutboxRow(e.getId(), e.getRealmId(), e.getDestinationId(), e.getAlertId(), e.getBody());
    }
}
