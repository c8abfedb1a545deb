package dev.gatehouse.authenticators.otp;

import java.time.Duration;

/**
 * {@link Counters} on a store of expiring keys: slot n of a key is the key {@code key#n}, taken with putIfAbsent,
 * so two requests racing for the last slot can't both win and a key never has more than {@code limit} slots.
 *
 * <p>Every caller counts in fixed windows (an hour, a day, a code's lifetime): all slots of one key are taken with
 * the same expiry instant, so they fill from slot 1 without gaps and expire together. The first free slot is
 * therefore found by binary search, with about log2(limit) store calls instead of one per taken slot (a realm
 * cap of 1000 would otherwise cost up to 1000 remote calls per message). Were a gap ever to appear, the search
 * could only land on a free slot or report the key full: it never takes more than {@code limit}.
 */
public final class SlotCounters implements Counters {

    /** Up to this limit, probing slot by slot costs no more calls than searching. */
    static final int LINEAR_UP_TO = 4;

    /** The two operations of Keycloak's single-use-object store that the slots need. */
    public interface Store {
        /** Creates {@code key} for {@code lifespanSeconds} unless it exists; true when this call created it. */
        boolean putIfAbsent(String key, long lifespanSeconds);

        boolean contains(String key);
    }

    private final Store store;

    public SlotCounters(Store store) {
        this.store = store;
    }

    @Override
    public boolean tryAcquire(String key, int limit, Duration lifetime) {
        long seconds = Math.max(1, lifetime.toSeconds());
        // Losing a race for slot n moves on to n+1: each taken slot is one that nobody else holds.
        for (int n = limit <= LINEAR_UP_TO ? 1 : firstFree(key, limit); n <= limit; n++) {
            if (store.putIfAbsent(slot(key, n), seconds)) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #tryAcquire}, for a caller that knows slots 1..{@code taken} are taken (it took slot
     * {@code taken} itself in this window): tries the next slot first, so a steady stream from one node costs one
     * store call instead of a search.
     *
     * @return the slot taken, or 0 when all {@code limit} are
     */
    public int acquireAfter(String key, int limit, Duration lifetime, int taken) {
        long seconds = Math.max(1, lifetime.toSeconds());
        int next = Math.max(1, taken + 1);
        if (next <= limit && store.putIfAbsent(slot(key, next), seconds)) {
            return next;
        }
        for (int n = firstFree(key, limit, next + 1); n <= limit; n++) {
            if (store.putIfAbsent(slot(key, n), seconds)) {
                return n;
            }
        }
        return 0;
    }

    @Override
    public int used(String key, int limit) {
        if (limit <= LINEAR_UP_TO) {
            int used = 0;
            for (int n = 1; n <= limit; n++) {
                if (store.contains(slot(key, n))) {
                    used++;
                }
            }
            return used;
        }
        return firstFree(key, limit) - 1;
    }

    /** The lowest n in 1..limit+1 whose slot is free, given that taken slots form a prefix. */
    private int firstFree(String key, int limit) {
        return firstFree(key, limit, 1);
    }

    /** As {@link #firstFree(String, int)}, knowing the slots below {@code from} are taken. */
    private int firstFree(String key, int limit, int from) {
        int lo = Math.min(from, limit + 1);
        int hi = limit + 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (store.contains(slot(key, mid))) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static String slot(String key, int n) {
        return key + "#" + n;
    }
}
