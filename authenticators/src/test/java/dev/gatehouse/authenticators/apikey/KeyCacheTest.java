package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class KeyCacheTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    private static ApiKeyRecord record(String id, String owner) {
        return new ApiKeyRecord(id, "r", owner, "c", "n", "gatehouse_abcdef", "h", List.of(), List.of(), List.of(),
                List.of(), null, Instant.EPOCH, null, Instant.MAX, null, null, null, null, null, 0, 0);
    }

    @Test
    void keepsARecordForItsTimeToLive() {
        KeyCache c = new KeyCache(10, clock::get);
        ApiKeyRecord r = record("k", "u");
        c.put("h", r, 10_000);
        clock.addAndGet(9_999);
        assertEquals(r, c.get("h"));
        clock.addAndGet(1);
        assertNull(c.get("h"));
        assertEquals(0, c.size());
    }

    @Test
    void aZeroTimeToLiveCachesNothing() {
        KeyCache c = new KeyCache(10, clock::get);
        c.put("h", record("k", "u"), 0);
        assertNull(c.get("h"));
    }

    @Test
    void theLeastRecentlyUsedGoesWhenFull() {
        KeyCache c = new KeyCache(2, clock::get);
        c.put("a", record("a", "u"), 10_000);
        c.put("b", record("b", "u"), 10_000);
        c.get("a");
        c.put("c", record("c", "u"), 10_000);
        assertEquals(2, c.size());
        assertNull(c.get("b"));
        assertEquals("a", c.get("a").id());
    }

    @Test
    void evictsByKeyAndByOwner() {
        KeyCache c = new KeyCache(10, clock::get);
        c.put("a", record("a", "u1"), 10_000);
        c.put("b", record("b", "u1"), 10_000);
        c.put("c", record("c", "u2"), 10_000);
        c.evictKey("a");
        assertNull(c.get("a"));
        c.evictOwner("u1");
        assertNull(c.get("b"));
        assertEquals("c", c.get("c").id());
    }
}
