package dev.gatehouse.audit.delivery;

import java.util.List;

/**
 * The options of an alert destination, declared once: the component factory's config properties, the option
 * metadata of the delivery REST API (the Gatehouse audit page's form), {@link Destination#parse} and the docs table (docs/audit-delivery.md, kept equal by a test)
 * all read this list.
 */
public enum DestinationOption {

    TYPE("type", "Type", Kind.SELECT, "email", "email: mail to the addresses through the realm's SMTP settings; "
            + "webhook: a signed JSON POST to the URL.", List.of("email", "webhook")),
    EMAILS("emails", "Email addresses", Kind.LIST, null, "Email only: comma-separated addresses (at most "
            + Destination.MAX_EMAILS + ").", List.of()),
    URL("url", "Webhook URL", Kind.TEXT, null, "Webhook only: https URL, without user or password in it. Plain http only to a "
            + "loopback host (localhost, 127.0.0.0/8, ::1): alerts and their signatures must not cross a network in clear text.", List.of()),
    SECRET("secret", "Signing secret", Kind.PASSWORD, null, "Webhook only: the HMAC-SHA256 key of the Gatehouse-Signature header, at least "
            + Destination.MIN_SECRET_LENGTH + " characters, or a ${vault." + Destination.VAULT_PREFIX + "name} reference resolved in the realm's vault (only names "
            + "with that prefix). Never shown again after saving; enter it again when the URL or type changes.", List.of()),
    MIN_SEVERITY("minSeverity", "Minimum severity", Kind.SELECT, "WARNING", "Alerts below this severity are not sent here.",
            List.of("INFO", "WARNING", "CRITICAL")),
    RULES("rules", "Rules", Kind.LIST, null, "Comma-separated rule ids; empty: alerts of every rule.", List.of()),
    ENABLED("enabled", "Enabled", Kind.BOOLEAN, "true", "Off: no new alerts are queued here; queued ones wait and are sent "
            + "once it is enabled again. Gatehouse turns it off after max failures.", List.of()),
    MAX_FAILURES("maxFailures", "Max failures", Kind.INT, "10", "Consecutive failed attempts after which the destination is "
            + "disabled (1 to " + Destination.MAX_MAX_FAILURES + ").", List.of()),
    TIMEOUT("timeoutMillis", "Timeout (ms)", Kind.INT, "10000", "Webhook only: hard wall-clock deadline of one attempt (connect, send, response) in milliseconds "
            + "(100 to " + Destination.MAX_TIMEOUT_MILLIS + ").", List.of()),
    BACKOFF_BASE("backoffBaseMillis", "Backoff base (ms)", Kind.INT, "1000", "Delay scale after the first failure; each further "
            + "failure doubles it (milliseconds, at least 10).", List.of()),
    BACKOFF_CAP("backoffCapMillis", "Backoff cap (ms)", Kind.INT, "600000", "Longest delay between attempts, in milliseconds "
            + "(at least the base, at most one day).", List.of()),
    JITTER("jitter", "Jitter", Kind.SELECT, "equal", "equal: a random delay in [d/2, d] (never shorter than the previous); full: in [0, d]; "
            + "decorrelated: in [base, 3 × previous delay], capped.", List.of("equal", "full", "decorrelated"));

    /**
     * How a form shows the field: text, a whole number, a choice of {@link #choices()}, a comma-separated list
     * (stored as one value), a switch, or a secret (never shown again).
     */
    public enum Kind {
        TEXT, INT, SELECT, LIST, BOOLEAN, PASSWORD;

        /** The metadata name in GET delivery/destinations/options. */
        public String id() {
            return this == PASSWORD ? "secret" : this == TEXT ? "string" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String key;
    private final String label;
    private final Kind kind;
    private final String defaultValue;
    private final String help;
    private final List<String> choices;

    DestinationOption(String key, String label, Kind kind, String defaultValue, String help, List<String> choices) {
        this.key = key;
        this.label = label;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.help = help;
        this.choices = choices;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    public List<String> choices() {
        return choices;
    }
}
