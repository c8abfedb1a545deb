package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestLimiterTest {

    @Test
    void allowsMaxPerWindowAndRealm() {
        TestLimiter l = new TestLimiter(3, 60_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(l.tryAcquire("demo", 1_000 + i));
        }
        assertFalse(l.tryAcquire("demo", 2_000), "the fourth in the window is refused");
        assertTrue(l.tryAcquire("other", 2_000), "realms count separately");
        assertTrue(l.tryAcquire("demo", 61_000), "a new window starts over");
    }
}
