package dev.gatehouse.authenticators.trust;

import java.time.Instant;

/**
 * The credential's label, the one line the account console shows of a trusted browser besides its creation
 * date: "Chrome on Linux · used 2026-11-30 · until 2026-12-30" (UTC dates, locale-free). Plain Java.
 */
public final class DeviceLabel {

    private DeviceLabel() {
    }

    public static String of(String name, Instant lastUsed, Instant expires) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
