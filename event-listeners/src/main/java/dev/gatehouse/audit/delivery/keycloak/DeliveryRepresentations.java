package dev.gatehouse.audit.delivery.keycloak;

import java.util.List;

/** The JSON of the delivery endpoints: typed, and with no secret anywhere (a webhook shows its URL's scheme, host, port and path only). */
public final class DeliveryRepresentations {

    private DeliveryRepresentations() {
    }

    /** A destination and its delivery health. {@code problem} is set when its stored config is refused (it then sends nothing). */
    public record DestinationStatus(String id, String name, String type, String target, String minSeverity, boolean enabled,
                                    int consecutiveFailures, int maxFailures, long pending, String lastError, Long lastAttempt,
                                    String problem) {
    }

    public record OutboxRowStatus(String id, String destination, String alertId, String state, int attempts, long created,
                                  long nextAttempt, Long lastAttempt, Long delivered, String lastError) {
    }

    /** Body of POST test: one destination's id, or none for every enabled destination. */
    public record TestRequest(String destination) {
    }

    public record TestResult(String alertId, List<Outbox.Delivery> deliveries) {
    }
}
