package dev.gatehouse.authenticators.trust;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The credential's label, the one line the account console shows of a trusted browser besides its creation
 * date: "Chrome on Linux · used 2026-11-30 · until 2026-12-30" (UTC dates, locale-free). Plain Java.
 */
public final class DeviceLabel {

    private static final String SEPARATOR = " \u00b7 ";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private DeviceLabel() {
    }

    /** A blank name reads "Unknown browser"; a null date leaves its part out. */
    public static String of(String name, Instant lastUsed, Instant expires) {
        StringBuilder label = new StringBuilder(name == null || name.isBlank() ? UserAgents.UNKNOWN : name.strip());
        if (lastUsed != null) {
            label.append(SEPARATOR).append("used ").append(DATE.format(lastUsed));
        }
        if (expires != null) {
            label.append(SEPARATOR).append("until ").append(DATE.format(expires));
        }
        return label.toString();
    }
}
