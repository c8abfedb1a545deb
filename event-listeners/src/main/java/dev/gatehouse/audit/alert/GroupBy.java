package dev.gatehouse.audit.alert;

import java.util.Locale;

/** What a rule counts matches per: each user, each address, each client, or all together. */
public enum GroupBy {
    USER, IP, CLIENT, NONE;

    /** The record's group value; null when the record has none (such a record is not counted by a grouped rule). */
    String of(AlertRecord r) {
        return switch (this) {
            case USER -> r.user();
            case IP -> r.ip();
            case CLIENT -> r.client();
            case NONE -> "";
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
