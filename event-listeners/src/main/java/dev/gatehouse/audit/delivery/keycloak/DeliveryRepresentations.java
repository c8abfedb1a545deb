package dev.gatehouse.audit.delivery.keycloak;

import java.util.List;
import java.util.Map;

/** The JSON of the delivery endpoints: typed, and with no secret anywhere (a webhook shows its URL's scheme, host, port and path only). */
public final class DeliveryRepresentations {

    private DeliveryRepresentations() {
    }

    /**
     * A destination, its stored config (a set secret as {@link DeliveryResource#MASK}) and its delivery health.
     * {@code problem} is set when its stored config is refused (it then sends nothing).
     */
    public record DestinationStatus(String id, String name, String type, String target, String minSeverity, boolean enabled,
                                    int consecutiveFailures, int maxFailures, long pending, String lastError, Long lastAttempt,
                                    String problem, Map<String, String> config) {
    }

    /** One option's metadata, for a generic form: type string|int|select|list|boolean|secret. */
    public record OptionInfo(String name, String label, String type, String help, String defaultValue, List<String> choices) {
    }

    /** Body of PUT destinations/{id}: each config value a string or a list of strings (a list is stored comma-separated). */
    public record DestinationUpdate(String name, Map<String, Object> config) {
    }

    /** A refusal: the message names the field. */
    public record Refusal(String error) {
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
