package dev.gatehouse.authenticators.apikey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A node's bounded cache of key records by hash, each kept for a time to live: a rotation's new expiry or a
 * revocation written by another node is seen within one TTL. Least recently used entries go first when full.
 * Only found keys are cached (unknown hashes would let anyone fill it). Thread-safe. Plain Java.
 */
public final class KeyCache {

    private record Held(ApiKeyRecord record, long until) {
    }

    private final LongSupplier clockMillis;
    private final Map<String, Held> entries;

    public KeyCache(int capacity, LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached record of {@code hash} while its time to live lasts, else null. */
    public synchronized ApiKeyRecord get(String hash) {
        Held h = entries.get(hash);
        if (h == null) {
            return null;
        }
        if (clockMillis.getAsLong() >= h.until()) {
            entries.remove(hash);
            return null;
        }
        return h.record();
    }

    public synchronized void put(String hash, ApiKeyRecord record, long ttlMillis) {
        if (ttlMillis > 0) {
            entries.put(hash, new Held(record, clockMillis.getAsLong() + ttlMillis));
        }
    }

    /** Forgets the key with this id (a change made on this node is seen here at once). */
    public synchronized void evictKey(String keyId) {
        entries.values().removeIf(h -> h.record().id().equals(keyId));
    }

    /** Forgets every key of the owner. */
    public synchronized void evictOwner(String ownerId) {
        entries.values().removeIf(h -> h.record().ownerId().equals(ownerId));
    }

    public synchronized int size() {
        return entries.size();
    }
}
