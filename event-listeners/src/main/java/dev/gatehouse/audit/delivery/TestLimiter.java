package dev.gatehouse.audit.delivery;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A mild limit on test alerts: at most {@code max} per key (a realm) in each fixed window, so {@code POST test}
 * can't be used as a fast probe loop. Held by the listener factory (one per node).
 */
public final class TestLimiter {

    private record Window(long start, int count) {
    }

    private final int max;
    private final long windowMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public TestLimiter(int max, long windowMillis) {
        this.max = max;
        this.windowMillis = windowMillis;
    }

    /** Counts one request for {@code key} at {@code now}; false once the window's allowance is spent. */
    public boolean tryAcquire(String key, long now) {
        Window w = windows.compute(key, (k, old) -> old == null || now - old.start() >= windowMillis
                ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        return w.count() <= max;
    }
}
