package dev.gatehouse.audit.delivery.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/** Sends due outbox rows (webhooks and mail) with backoff; one node at a time (cluster-aware timer). Lane delivery. */
public class DeliveryTask implements ScheduledTask {

    @Override
    public String getTaskName() {
        return "gatehouse-audit-delivery";
    }

    @Override
    public void run(KeycloakSession session) {
        // contract stub
    }
}
