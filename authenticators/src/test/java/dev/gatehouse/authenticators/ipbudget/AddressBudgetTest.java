package dev.gatehouse.authenticators.ipbudget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AddressBudgetTest {

    private static final long W = 900; // 15 minutes
    private static final long START = 1_000 * W; // a window start

    private final AddressBudget budget = new AddressBudget(50, Duration.ofSeconds(W));

    @Test
    void defaultsAreFiftyInFifteenMinutes() {
        assertEquals(new AddressBudget(50, Duration.ofMinutes(15)), AddressBudget.from(Map.of()));
        assertEquals(new AddressBudget(5, Duration.ofMinutes(2)),
                AddressBudget.from(Map.of("gatehouse.mfa.ipFailures", "5", "gatehouse.mfa.ipWindowMinutes", "2")));
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AddressBudget.from(Map.of("gatehouse.mfa.ipWindowMinutes", "0")));
        assertTrue(e.getMessage().startsWith("gatehouse.mfa.ipWindowMinutes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressBudget.from(Map.of("gatehouse.mfa.ipFailures", "-1")));
        assertThrows(IllegalArgumentException.class, () -> AddressBudget.from(Map.of("gatehouse.mfa.ipFailures", "100001")));
        assertThrows(IllegalArgumentException.class, () -> AddressBudget.from(Map.of("gatehouse.mfa.ipWindowMinutes", "1441")));
        assertEquals(new AddressBudget(50, Duration.ofMinutes(15)), AddressBudget.from(Map.of()), "the defaults");
    }

    @Test
    void zeroSwitchesTheBudgetOff() {
        AddressBudget off = new AddressBudget(0, Duration.ofSeconds(W));
        assertTrue(off.disabled());
        assertNull(off.refusal(1_000, 1_000, START + 10));
    }

    @Test
    void refusedOnceTheCurrentWindowHoldsTheBudget() {
        assertNull(budget.refusal(0, 49, START + 10));
        assertEquals(Duration.ofSeconds(W - 10 + 1), budget.refusal(0, 50, START + 10));
    }

    @Test
    void aFullPreviousWindowComesBackGradually() {
        // 50 failures in the last window: at e seconds the estimate is 50 * (W - e) / W, below 50 from e = 1 on
        assertEquals(Duration.ofSeconds(1), budget.refusal(50, 0, START));
        assertNull(budget.refusal(50, 0, START + 1));
        // one more failure: the estimate 1 + 50 * (W - e) / W drops below 50 when e > W / 50 = 18 s
        assertEquals(Duration.ofSeconds(19 - 5), budget.refusal(50, 1, START + 5));
        assertNull(budget.refusal(50, 1, START + 19));
        // half way through, 25 of the previous window still weigh: 25 more may fail
        assertNull(budget.refusal(50, 24, START + W / 2));
        assertEquals(Duration.ofSeconds(1), budget.refusal(50, 25, START + W / 2));
    }

    @Test
    void theWaitIsWhenTheEstimateFirstDropsBelowTheBudget() {
        for (int previous = 1; previous <= 50; previous++) {
            for (int current = 0; current <= 50; current++) {
                for (long e = 0; e < W; e += 37) {
                    Duration wait = budget.refusal(previous, current, START + e);
                    if (wait == null) {
                        continue;
                    }
                    long at = START + e + wait.toSeconds();
                    // counts as seen at that moment: the same window, or the next one (current becomes previous)
                    boolean next = at >= START + W;
                    assertNull(next ? budget.refusal(current, 0, at) : budget.refusal(previous, current, at),
                            previous + "/" + current + "@" + e);
                    long before = at - 1;
                    boolean nextBefore = before >= START + W;
                    assertEquals(Duration.ofSeconds(1), nextBefore ? budget.refusal(current, 0, before)
                            : budget.refusal(previous, current, before), previous + "/" + current + "@" + e);
                }
            }
        }
    }

    @Test
    void sustainedRateIsTheBudgetPerWindow() {
        // an attacker who tries whenever allowed, window after window, fails at most ~budget times per window
        int previous = 0;
        int current = 0;
        long index = budget.windowIndex(START);
        int inThirdWindow = 0;
        for (long t = START; t < START + 3 * W; t++) {
            if (budget.windowIndex(t) != index) {
                previous = current;
                current = 0;
                index = budget.windowIndex(t);
            }
            if (budget.refusal(previous, current, t) == null) {
                current++;
                if (t >= START + 2 * W) {
                    inThirdWindow++;
                }
            }
        }
        assertTrue(inThirdWindow <= 50 && inThirdWindow >= 45, "third window: " + inThirdWindow);
    }

    @Test
    void pagesShowWholeMinutesRoundedUp() {
        assertEquals(1, AddressBudget.minutes(Duration.ofSeconds(1)));
        assertEquals(1, AddressBudget.minutes(Duration.ofSeconds(60)));
        assertEquals(2, AddressBudget.minutes(Duration.ofSeconds(61)));
        assertEquals(15, AddressBudget.minutes(Duration.ofSeconds(W)));
    }

    @Test
    void countersOutliveTheWindowAfterTheirs() {
        assertEquals(Duration.ofSeconds(2 * W + 60), budget.counterLifetime(budget.windowIndex(START), START));
        assertEquals(Duration.ofSeconds(W + 61), budget.counterLifetime(budget.windowIndex(START), START + W - 1));
    }
}
