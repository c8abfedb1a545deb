package dev.gatehouse.audit.alert;

import java.util.Map;

/**
 * The fields of one sealed audit record that rules match on. For admin records {@code type} is the operation,
 * {@code user} the acting admin and {@code client} the admin's client, as in the log's query columns.
 *
 * @param seq          the record's seq in the realm's log
 * @param time         epoch millis of the event
 * @param kind         user, admin or system
 * @param type         event type, or the admin operation
 * @param resourceType admin records only (e.g. REALM_ROLE_MAPPING), else null
 * @param error        null on success
 * @param details      event details (never null)
 */
public record AlertRecord(long seq, long time, String kind, String type, String resourceType, String error,
                          String user, String client, String ip, Map<String, String> details) {

    public AlertRecord {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The type of the record an alert itself writes; rules never match it, so alerts can't trigger alerts. */
    public static final String ALERT_TYPE = "GATEHOUSE_ALERT";

    boolean isAlert() {
        return "system".equals(kind) && ALERT_TYPE.equals(type);
    }
}
