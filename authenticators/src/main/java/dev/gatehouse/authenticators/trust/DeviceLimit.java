package dev.gatehouse.authenticators.trust;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Which trusted browsers go when a user trusts one more than allowed. Plain Java. */
public final class DeviceLimit {

    /** Oldest first; a device without a creation time counts as oldest; equal times by id. */
    private static final Comparator<Device> OLDEST_FIRST = Comparator
            .comparing(Device::created, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(Device::id, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

    private DeviceLimit() {
    }

    /** A device as the limit sees it. */
    public record Device(String id, Instant created) {
    }

    /**
     * The ids to remove so that {@code existing} plus one new device fit in {@code max}: the oldest by creation
     * (ties by id), none when they fit. Oldest first.
     *
     * @throws IllegalArgumentException when {@code max} is below 1 (the new device could never fit)
     */
    public static List<String> evict(List<Device> existing, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        int over = existing.size() + 1 - max;
        if (over <= 0) {
            return List.of();
        }
        return existing.stream().sorted(OLDEST_FIRST).limit(over).map(Device::id).toList();
    }
}
