package dev.gatehouse.audit.alert;

/** How urgent an alert is; destinations deliver alerts at or above their minimum. Ordered low to high. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
