package dev.gatehouse.authenticators.otp;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Test double of the replicated store: same slot semantics (atomic per call), one JVM, no expiry. Shared by the sms tests. */
public final class MemoryCounters implements Counters {

    public final Map<String, Integer> taken = new HashMap<>();

    @Override
    public synchronized boolean tryAcquire(String key, int limit, Duration lifetime) {
        int used = taken.getOrDefault(key, 0);
        if (used >= limit) {
            return false;
        }
        taken.put(key, used + 1);
        return true;
    }

    @Override
    public synchronized int used(String key, int limit) {
        return Math.min(limit, taken.getOrDefault(key, 0));
    }
}
