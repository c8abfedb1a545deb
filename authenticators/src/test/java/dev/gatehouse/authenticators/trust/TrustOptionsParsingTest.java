package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The step's {@link TrustSettings} and the condition's {@link TrustRule}, read under a Turkish default locale. */
class TrustOptionsParsingTest {

    static Locale before;

    @BeforeAll
    static void turkish() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterAll
    static void restore() {
        Locale.setDefault(before);
    }

    static Map<String, String> with(TrustOption option, String value) {
        Map<String, String> c = new HashMap<>();
        c.put(option.key(), value);
        return c;
    }

    static void refused(TrustOption option, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            if (option.target() == TrustOption.Target.STEP) {
                TrustSettings.from(with(option, value));
            } else {
                TrustRule.from(with(option, value));
            }
        }, option.key() + "=" + value);
        assertTrue(e.getMessage().startsWith(option.key() + " must be "), e.getMessage());
    }

    @Test
    void stepDefaultsAreTheDeclaredOnes() {
        TrustSettings s = TrustSettings.from(Map.of());
        assertEquals(new TrustSettings(Duration.ofDays(30), false, 10, false, false), s);
        assertEquals(s, TrustSettings.DEFAULTS);
        assertEquals(s, TrustSettings.from(null));
        assertEquals(Integer.parseInt(TrustOption.DAYS.defaultValue()), s.lifetime().toDays());
        assertEquals(Integer.parseInt(TrustOption.MAX_DEVICES.defaultValue()), s.maxDevices());
    }

    @Test
    void conditionDefaultsAreTheDeclaredOnes() {
        TrustRule r = TrustRule.from(Map.of());
        assertEquals(new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, false), r);
        assertEquals(r, TrustRule.from(null));
        assertEquals(TrustOption.MATCH.defaultValue(), r.match().option());
    }

    @Test
    void blankValuesKeepTheDefaults() {
        Map<String, String> c = new HashMap<>();
        for (TrustOption o : TrustOption.values()) {
            c.put(o.key(), "  ");
        }
        assertEquals(TrustSettings.DEFAULTS, TrustSettings.from(c));
        assertEquals(TrustRule.from(Map.of()), TrustRule.from(c));
    }

    @Test
    void stepValuesParse() {
        Map<String, String> c = new HashMap<>();
        c.put(TrustOption.DAYS.key(), " 365 ");
        c.put(TrustOption.PRESELECTED.key(), "TRUE");
        c.put(TrustOption.MAX_DEVICES.key(), "1");
        c.put(TrustOption.BIND_USER_AGENT.key(), "true");
        c.put(TrustOption.BIND_NETWORK.key(), "True");
        assertEquals(new TrustSettings(Duration.ofDays(365), true, 1, true, true), TrustSettings.from(c));
        assertEquals(Duration.ofDays(1), TrustSettings.from(with(TrustOption.DAYS, "1")).lifetime());
        assertEquals(100, TrustSettings.from(with(TrustOption.MAX_DEVICES, "100")).maxDevices());
        assertFalse(TrustSettings.from(with(TrustOption.PRESELECTED, "FALSE")).preselected());
    }

    @Test
    void conditionValuesParse() {
        Map<String, String> c = new HashMap<>();
        c.put(TrustOption.MATCH.key(), "TRUSTED");
        c.put(TrustOption.MAX_LEVEL.key(), "0");
        c.put(TrustOption.STEP_UP.key(), "TRUE");
        assertEquals(new TrustRule(TrustRule.Match.TRUSTED, 0, true), TrustRule.from(c));
        assertEquals(TrustRule.Match.NOT_TRUSTED, TrustRule.from(with(TrustOption.MATCH, "Not-Trusted")).match());
        assertEquals(100, TrustRule.from(with(TrustOption.MAX_LEVEL, "100")).maxLevel());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "366", "-1", "+30", "30.5", "1e2", "thirty", "\u0663\u0660", "\uff13\uff10", "99999999999999999999"})
    void daysOutOfRangeOrNotANumberAreRefused(String value) {
        refused(TrustOption.DAYS, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "ten", "\u0661\u0660"})
    void maxDevicesOutOfRangeOrNotANumberAreRefused(String value) {
        refused(TrustOption.MAX_DEVICES, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "101", "two", "2.0", "\u0662"})
    void maxLevelOutOfRangeOrNotANumberAreRefused(String value) {
        refused(TrustOption.MAX_LEVEL, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "tru", "truee", "t\u0131rue", "TRUE\u0130"})
    void nonBooleansAreRefused(String value) {
        for (TrustOption o : TrustOption.values()) {
            if (o.kind() == TrustOption.Kind.BOOLEAN) {
                refused(o, value);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "untrusted", "not_trusted", "NOT-TRUSTED\u0130", "trusted,not-trusted"})
    void unknownMatchIsRefused(String value) {
        refused(TrustOption.MATCH, value);
    }

    @Test
    void refusalQuotesOnlyShortPrintableValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustSettings.from(with(TrustOption.DAYS, "<script>" + "x".repeat(100))));
        assertFalse(e.getMessage().contains("<script>"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrustSettings.from(with(TrustOption.DAYS, "abc")));
        assertTrue(e.getMessage().endsWith(", not 'abc'"), e.getMessage());
    }

    @Test
    void aLevelAboveTheMaxIsRefused() {
        TrustRule rule = new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, false);
        assertNull(rule.refusal(1, false));
        assertNull(rule.refusal(2, false));
        assertEquals(TrustReason.LEVEL, rule.refusal(3, false));
        assertEquals(TrustReason.LEVEL, rule.refusal(Integer.MAX_VALUE, false));
    }

    @Test
    void noLevelAskedIsAllowed() {
        assertNull(new TrustRule(TrustRule.Match.NOT_TRUSTED, 0, false).refusal(-1, false));
        assertNull(new TrustRule(TrustRule.Match.NOT_TRUSTED, 0, false).refusal(Integer.MIN_VALUE, false));
        assertNull(new TrustRule(TrustRule.Match.NOT_TRUSTED, 0, false).refusal(0, false));
    }

    @Test
    void stepUpIsRefusedUnlessAllowed() {
        assertEquals(TrustReason.STEP_UP, new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, false).refusal(2, true));
        assertEquals(TrustReason.STEP_UP, new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, false).refusal(-1, true));
        assertNull(new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, true).refusal(2, true));
        // the level is checked first, whether step-up is allowed or not
        assertEquals(TrustReason.LEVEL, new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, true).refusal(3, true));
        assertEquals(TrustReason.LEVEL, new TrustRule(TrustRule.Match.NOT_TRUSTED, 2, false).refusal(3, true));
    }

    @Test
    void matchesAnswersForItsSide() {
        TrustRule notTrusted = TrustRule.from(Map.of());
        assertTrue(notTrusted.matches(false));
        assertFalse(notTrusted.matches(true));
        TrustRule trusted = TrustRule.from(with(TrustOption.MATCH, "trusted"));
        assertTrue(trusted.matches(true));
        assertFalse(trusted.matches(false));
    }

    @Test
    void optionKeysAndReasonIdsAreLocaleFree() {
        for (TrustOption o : TrustOption.values()) {
            assertTrue(o.toString().matches("[a-z.]+"), o.toString());
        }
        for (TrustReason r : TrustReason.values()) {
            assertTrue(r.id().matches("[a-z-]+"), r.id());
        }
        assertEquals("binding-user-agent", TrustReason.BINDING_USER_AGENT.id());
    }
}
