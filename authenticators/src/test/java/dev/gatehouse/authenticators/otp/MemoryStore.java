package dev.gatehouse.authenticators.otp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test double of Keycloak's single-use-object store for {@link SlotCounters}: atomic putIfAbsent, counted calls, no expiry. */
public final class MemoryStore implements SlotCounters.Store {

    public final ConcurrentHashMap<String, Long> keys = new ConcurrentHashMap<>();
    public final AtomicInteger calls = new AtomicInteger();

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        calls.incrementAndGet();
        return keys.putIfAbsent(key, lifespanSeconds) == null;
    }

    @Override
    public boolean contains(String key) {
        calls.incrementAndGet();
        return keys.containsKey(key);
    }
}
