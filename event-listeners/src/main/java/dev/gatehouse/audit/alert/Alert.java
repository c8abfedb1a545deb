package dev.gatehouse.audit.alert;

/**
 * One fired alert: one incident of one rule for one group. Its JSON form (field names as here) is the webhook
 * body and the content of the mail; {@code id} is what receivers de-duplicate on (a redelivery keeps it).
 *
 * @param id         random UUID, fixed when the alert fires
 * @param realm      realm name
 * @param rule       rule id (built-ins start with {@code builtin-})
 * @param ruleName   the rule's display name
 * @param severity   the rule's severity
 * @param groupBy    user, ip, client or none
 * @param group      the group's value (a user id, an address, a client id), null for none
 * @param count      matches counted when it fired
 * @param windowSeconds the rule's window
 * @param firstTime  epoch millis of the first counted record
 * @param lastTime   epoch millis of the record that fired it
 * @param lastSeq    seq of that record in the audit log (null for alerts not raised by a record, such as seal lag)
 * @param summary    one plain-text line for humans, no secrets
 */
public record Alert(String id, String realm, String rule, String ruleName, Severity severity, String groupBy, String group,
                    long count, long windowSeconds, long firstTime, long lastTime, Long lastSeq, String summary) {
}
