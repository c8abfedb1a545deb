package dev.gatehouse.authenticators.loa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FactorRuleTest {

    /** Execution ids of a realm: two flows each with their own password and code steps. */
    static final Map<String, String> EXECUTIONS = Map.of(
            "e-cookie", "auth-cookie",
            "e-password", "auth-username-password-form",
            "e-step-up-password", "auth-password-form",
            "e-code", "gatehouse-email-code",
            "e-passwordless", "gatehouse-email-code-passwordless");

    static final FactorRule CODES = FactorRule.of(Map.of(
            FactorRule.STEPS, "gatehouse-email-code##gatehouse-email-code-passwordless##auth-otp-form",
            FactorRule.MATCH, "proven"));

    @Test
    void aPasswordlessSessionHasProvenACodeButNoPassword() {
        FactorRule password = FactorRule.of(Map.of(FactorRule.STEPS, "auth-username-password-form##auth-password-form"));
        Map<String, Integer> session = Map.of("e-cookie", 1000, "e-passwordless", 990);
        assertTrue(CODES.proven(session, EXECUTIONS::get, 1000));
        assertFalse(password.proven(session, EXECUTIONS::get, 1000));
        assertEquals(FactorRule.Match.MISSING, password.match(), "missing is the default");
    }

    @Test
    void aProofOlderThanTheMaxAgeDoesNotCount() {
        FactorRule shortLived = FactorRule.of(Map.of(FactorRule.STEPS, "gatehouse-email-code", FactorRule.MAX_AGE, "60"));
        assertTrue(shortLived.proven(Map.of("e-code", 1000), EXECUTIONS::get, 1060));
        assertFalse(shortLived.proven(Map.of("e-code", 1000), EXECUTIONS::get, 1061));
        assertEquals(FactorRule.DEFAULT_MAX_AGE, CODES.maxAge());
    }

    @Test
    void stepsOfRemovedExecutionsAndOtherFactorsDoNotCount() {
        assertFalse(CODES.proven(Map.of("gone", 1000, "e-password", 1000, "e-cookie", 1000), EXECUTIONS::get, 1000));
        assertFalse(CODES.proven(Map.of(), EXECUTIONS::get, 1000));
    }

    @Test
    void malformedOptionsAreRefusedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FactorRule.of(Map.of())).getMessage().contains(FactorRule.STEPS));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FactorRule.of(Map.of(FactorRule.STEPS, "x", FactorRule.MATCH, "sometimes")))
                .getMessage().contains(FactorRule.MATCH));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FactorRule.of(Map.of(FactorRule.STEPS, "x", FactorRule.MAX_AGE, "ten")))
                .getMessage().contains(FactorRule.MAX_AGE));
        assertThrows(IllegalArgumentException.class, () -> FactorRule.of(Map.of(FactorRule.STEPS, "x", FactorRule.MAX_AGE, "-1")));
    }

    @Test
    void matchOptionsReadTheSameInATurkishLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals(FactorRule.Match.AVAILABLE, FactorRule.of(Map.of(FactorRule.STEPS, "x", FactorRule.MATCH, "available")).match());
            assertEquals("missing", FactorRule.Match.MISSING.option());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void stepsAreTrimmedAndBlankOnesDropped() {
        assertEquals(Set.of("a", "b"), FactorRule.of(Map.of(FactorRule.STEPS, " a ####b")).steps());
    }
}
