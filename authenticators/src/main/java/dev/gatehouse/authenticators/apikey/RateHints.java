package dev.gatehouse.authenticators.apikey;

import java.util.HashMap;
import java.util.Map;

/**
 * The last rate-limit slot this node took per key in the current minute, so the next use tries the slot after it
 * first instead of searching (the slots themselves live in the cluster's store: this is only where to start).
 * Forgotten when the minute changes; bounded. Thread-safe. Plain Java.
 */
public final class RateHints {

    private final int capacity;
    private long minute = Long.MIN_VALUE;
    private final Map<String, Integer> taken = new HashMap<>();

    public RateHints(int capacity) {
        this.capacity = capacity;
    }

    /** The last slot this node took for the key in {@code minute}, or 0. */
    public synchronized int taken(String keyId, long minute) {
        return minute == this.minute ? taken.getOrDefault(keyId, 0) : 0;
    }

    public synchronized void took(String keyId, long minute, int slot) {
        if (minute != this.minute) {
            if (minute < this.minute) {
                return;
            }
            this.minute = minute;
            taken.clear();
        }
        if (taken.size() < capacity || taken.containsKey(keyId)) {
            taken.merge(keyId, slot, Math::max);
        }
    }
}
