package dev.gatehouse.audit.alert.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/** Evaluates alert rules over newly sealed records; one node at a time (cluster-aware timer). Lane alerts. */
public class AlertEvaluator implements ScheduledTask {

    @Override
    public String getTaskName() {
        return "gatehouse-audit-alerts";
    }

    @Override
    public void run(KeycloakSession session) {
        // contract stub
    }
}
