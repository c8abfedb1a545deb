package dev.gatehouse.authenticators.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class SlotCountersTest {

    static final Duration HOUR = Duration.ofHours(1);
    final MemoryStore store = new MemoryStore();
    final SlotCounters counters = new SlotCounters(store);

    @Test
    void acquireAfterTakesTheNextSlotInOneCallThenRefusesAtTheLimit() {
        int taken = 0;
        for (int i = 1; i <= 600; i++) {
            store.calls.set(0);
            taken = counters.acquireAfter("rate", 600, HOUR, taken);
            assertEquals(i, taken);
            assertEquals(1, store.calls.get());
        }
        assertEquals(0, counters.acquireAfter("rate", 600, HOUR, taken));
        assertEquals(600, counters.used("rate", 600));
    }

    @Test
    void acquireAfterAStaleHintSearchesOnAndNeverExceedsTheLimit() {
        for (int i = 0; i < 50; i++) {
            assertTrue(counters.tryAcquire("rate", 100, HOUR)); // another node took 1..50
        }
        assertEquals(51, counters.acquireAfter("rate", 100, HOUR, 3));
        assertEquals(52, counters.acquireAfter("rate", 100, HOUR, 0));
        int taken = 52;
        while (taken != 0) {
            taken = counters.acquireAfter("rate", 100, HOUR, taken);
        }
        assertEquals(100, counters.used("rate", 100));
        assertFalse(store.keys.containsKey("rate#101"));
    }

    @Test
    void takesExactlyLimitSlotsThenRefuses() {
        for (int limit : new int[]{1, 3, 4, 5, 10, 1000}) {
            String key = "k" + limit;
            for (int i = 0; i < limit; i++) {
                assertTrue(counters.tryAcquire(key, limit, HOUR), key + " slot " + (i + 1));
                assertEquals(i + 1, counters.used(key, limit));
            }
            assertFalse(counters.tryAcquire(key, limit, HOUR), key);
            assertEquals(limit, counters.used(key, limit));
            for (int n = 1; n <= limit; n++) {
                assertTrue(store.keys.containsKey(key + "#" + n));
            }
            assertFalse(store.keys.containsKey(key + "#" + (limit + 1)));
        }
    }

    @Test
    void slotKeysAreTheOnesReplicatedCountersAlwaysUsed() {
        // Keys already in a running cluster's store (from before the search) keep counting.
        store.keys.put("k#1", 60L);
        store.keys.put("k#2", 60L);
        assertEquals(2, counters.used("k", 10));
        assertTrue(counters.tryAcquire("k", 10, HOUR));
        assertTrue(store.keys.containsKey("k#3"));
    }

    @Test
    void aFullCapOfAThousandCostsLogarithmicallyManyStoreCalls() {
        for (int i = 0; i < 999; i++) {
            counters.tryAcquire("realm", 1000, HOUR);
        }
        store.calls.set(0);
        assertTrue(counters.tryAcquire("realm", 1000, HOUR));
        // At most ceil(log2(1001)) = 10 searches and one put, where probing slot by slot took 1000.
        assertTrue(store.calls.get() <= 11, store.calls + " calls");
        store.calls.set(0);
        assertFalse(counters.tryAcquire("realm", 1000, HOUR));
        assertTrue(store.calls.get() <= 10, store.calls + " calls");
        store.calls.set(0);
        assertEquals(1000, counters.used("realm", 1000));
        assertTrue(store.calls.get() <= 10, store.calls + " calls");
    }

    @Test
    void concurrentRequestsNeverTakeMoreThanTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                tasks.add(() -> {
                    start.await();
                    return counters.tryAcquire("race", 100, HOUR);
                });
            }
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> t : tasks) {
                results.add(pool.submit(t));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(100, won);
            assertEquals(100, store.keys.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
