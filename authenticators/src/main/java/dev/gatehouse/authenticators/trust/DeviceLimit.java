package dev.gatehouse.authenticators.trust;

import java.time.Instant;
import java.util.List;

/** Which trusted browsers go when a user trusts one more than allowed. Plain Java. */
public final class DeviceLimit {

    private DeviceLimit() {
    }

    /** A device as the limit sees it. */
    public record Device(String id, Instant created) {
    }

    /**
     * The ids to remove so that {@code existing} plus one new device fit in {@code max}: the oldest by creation
     * (ties by id), none when they fit.
     */
    public static List<String> evict(List<Device> existing, int max) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
