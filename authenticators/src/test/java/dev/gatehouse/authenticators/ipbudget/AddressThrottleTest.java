package dev.gatehouse.authenticators.ipbudget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.otp.MemoryCounters;

class AddressThrottleTest {

    private static final Instant NOW = Instant.ofEpochSecond(900L * 1_000 + 60);

    private final MemoryCounters counters = new MemoryCounters();
    private final AddressThrottle throttle = new AddressThrottle(counters);
    private final AddressBudget five = new AddressBudget(5, Duration.ofMinutes(15));

    @Test
    void refusesTheAddressAfterItsBudgetOfFailures() {
        for (int i = 0; i < 5; i++) {
            assertNull(throttle.refusal(five, "realm", "203.0.113.7", NOW));
            throttle.countFailure(five, "realm", "203.0.113.7", NOW);
        }
        Duration wait = throttle.refusal(five, "realm", "203.0.113.7", NOW);
        assertEquals(Duration.ofMinutes(14).plusSeconds(1), wait);
    }

    @Test
    void otherAddressesAndRealmsKeepTheirBudget() {
        for (int i = 0; i < 5; i++) {
            throttle.countFailure(five, "realm", "2001:db8:0:1::" + i, NOW);
        }
        assertNotNull(throttle.refusal(five, "realm", "2001:db8:0:1::99", NOW));
        assertNull(throttle.refusal(five, "realm", "2001:db8:0:2::1", NOW));
        assertNull(throttle.refusal(five, "other", "2001:db8:0:1::1", NOW));
    }

    @Test
    void theWindowAfterStillWeighsThePreviousFailures() {
        for (int i = 0; i < 5; i++) {
            throttle.countFailure(five, "realm", "203.0.113.7", NOW);
        }
        Instant nextWindow = NOW.plus(Duration.ofMinutes(14)).plusSeconds(1);
        assertNull(throttle.refusal(five, "realm", "203.0.113.7", nextWindow));
        throttle.countFailure(five, "realm", "203.0.113.7", nextWindow);
        assertNotNull(throttle.refusal(five, "realm", "203.0.113.7", nextWindow));
        assertNull(throttle.refusal(five, "realm", "203.0.113.7", nextWindow.plus(Duration.ofMinutes(4))));
        assertNull(throttle.refusal(five, "realm", "203.0.113.7", NOW.plus(Duration.ofMinutes(45))));
    }

    @Test
    void aDisabledBudgetCountsNothing() {
        AddressBudget off = new AddressBudget(0, Duration.ofMinutes(15));
        throttle.countFailure(off, "realm", "203.0.113.7", NOW);
        assertTrue(counters.taken.isEmpty());
        assertNull(throttle.refusal(off, "realm", "203.0.113.7", NOW));
    }

    @Test
    void countersKeysHoldNoAddress() {
        throttle.countFailure(five, "realm", "203.0.113.7", NOW);
        String key = counters.taken.keySet().iterator().next();
        assertTrue(key.startsWith("gatehouse-ipbudget:900:" + 1_000 + ":"), key);
        assertTrue(!key.contains("203.0.113"), key);
    }

    @Test
    void aBudgetWithItsOwnPrefixIsSeparate() {
        AddressThrottle apiKeys = new AddressThrottle(counters, "gatehouse-apikey-ip:");
        for (int i = 0; i < 5; i++) {
            apiKeys.countFailure(five, "realm", "203.0.113.7", NOW);
        }
        assertNotNull(apiKeys.refusal(five, "realm", "203.0.113.7", NOW));
        assertNull(throttle.refusal(five, "realm", "203.0.113.7", NOW), "sign-ins keep their budget");
        assertTrue(counters.taken.keySet().stream().allMatch(k -> k.startsWith("gatehouse-apikey-ip:")));
    }
}
