package dev.gatehouse.audit.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The per-rule flood limit: groups an attacker makes up can't produce more than the budget per window plus one digest. */
class AlertBudgetTest {

    static final long W = 300_000;

    @Test
    void thirtyGroupsInOneWindowGiveTheBudgetThenOneDigest() {
        AlertBudget b = AlertBudget.EMPTY;
        int fired = 0;
        for (int i = 0; i < 30; i++) {
            AlertBudget.Decision d = b.spend(10, W, 1_000 + i);
            assertNull(d.digest());
            fired += d.fire() ? 1 : 0;
            b = d.next();
        }
        assertEquals(10, fired);
        assertEquals(20, b.suppressed());
        assertNull(b.close(W, 1_000 + W - 1).digest(), "no digest before the window ends");
        AlertBudget.Decision end = b.close(W, 1_000 + W);
        assertEquals(new AlertBudget.Digest(20, 1_010, 1_029), end.digest());
        assertEquals(AlertBudget.EMPTY, end.next());
        assertNull(end.next().close(W, 10 * W).digest(), "one digest only");
    }

    @Test
    void theNextAlertAfterTheWindowCarriesTheDigestAndOpensANewWindow() {
        AlertBudget b = AlertBudget.EMPTY;
        for (int i = 0; i < 3; i++) {
            b = b.spend(2, W, i).next();
        }
        AlertBudget.Decision d = b.spend(2, W, W + 5);
        assertTrue(d.fire());
        assertEquals(1, d.digest().suppressed());
        assertEquals(new AlertBudget(W + 5, 1, 0, 0, 0), d.next());
    }

    @Test
    void aQuietWindowHasNoDigestAndTheStateSurvivesItsTextForm() {
        AlertBudget b = AlertBudget.EMPTY.spend(10, W, 7).next();
        assertNull(b.close(W, 7 + W).digest());
        AlertBudget s = new AlertBudget(1, 10, 4, 2, 3);
        assertEquals(s, AlertBudget.decode(s.encode()));
        assertTrue(AlertBudget.isBudget(s.encode()));
        assertFalse(AlertBudget.isBudget(WindowState.EMPTY.encode()));
        assertEquals(AlertBudget.EMPTY, AlertBudget.decode("budget|x"));
    }

    @Test
    void everyRuleHasABudgetOptionWithTheDefaultAndItIsValidated() {
        BuiltInRules.all().forEach(r -> assertEquals(10, r.budget(), r.id()));
        AlertRule r = AlertRule.parse("x", "X", Map.of("type", "LOGIN", "budget", "3"), AlertRule.defaults());
        assertEquals(3, r.budget());
        RuleException e = org.junit.jupiter.api.Assertions.assertThrows(RuleException.class,
                () -> AlertRule.parse("x", "X", Map.of("type", "LOGIN", "budget", "0"), AlertRule.defaults()));
        assertTrue(e.getMessage().startsWith("budget"), e.getMessage());
        Alert digest = r.digest("id", "demo", new AlertBudget.Digest(20, 1, 2));
        assertEquals(20, digest.count());
        assertNull(digest.group());
        assertTrue(digest.summary().contains("20 more alerts suppressed"), digest.summary());
    }

    @Test
    void recordsOlderThanTheLongestWindowButAtLeastFifteenMinutesAreStale() {
        long now = 100_000_000_000L;
        assertEquals(now - AlertRule.STALE_FLOOR_MILLIS, AlertRule.staleBefore(BuiltInRules.all(), now), "built-ins: longest window 300 s < the floor");
        AlertRule day = AlertRule.parse("d", "D", Map.of("type", "LOGIN", "window-seconds", "86400"), AlertRule.defaults());
        assertEquals(now - 86_400_000L, AlertRule.staleBefore(java.util.List.of(day), now));
        AlertRule tiny = AlertRule.parse("t", "T", Map.of("type", "LOGIN", "window-seconds", "1"), AlertRule.defaults());
        assertEquals(now - AlertRule.STALE_FLOOR_MILLIS, AlertRule.staleBefore(java.util.List.of(tiny), now), "a short window doesn't drop late records");
    }
}
