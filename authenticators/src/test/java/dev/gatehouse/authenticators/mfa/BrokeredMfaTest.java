package dev.gatehouse.authenticators.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrokeredMfaTest {

    @Test
    void theProvidersMfaReachesLevelTwoWithoutALocalFactorEvenOnAStepUp() {
        BrokeredMfa m = BrokeredMfa.of(new Decision(true, true, "idp-mfa"), 2);
        assertEquals(BrokeredMfa.IDP_MFA, m);
        assertEquals(2, m.level());
        assertFalse(m.localFactor());
        assertEquals(BrokeredMfa.IDP_MFA, BrokeredMfa.of(new Decision(false, true, "exempt-group"), -1));
    }

    @Test
    void requiredMfaThatTheProviderDidNotDoIsAskedLocally() {
        BrokeredMfa m = BrokeredMfa.of(new Decision(true, false, "idp-unacknowledged"), -1);
        assertEquals(BrokeredMfa.LOCAL, m);
        assertTrue(m.localFactor());
        assertEquals(1, m.level());
    }

    @Test
    void aClientAskingLevelTwoGetsTheLocalFactorWhenThePolicyDoesNotRequireIt() {
        assertEquals(BrokeredMfa.STEP_UP, BrokeredMfa.of(new Decision(false, false, "idp-none"), 2));
        assertEquals(BrokeredMfa.ONE_FACTOR, BrokeredMfa.of(new Decision(false, false, "idp-none"), 1));
        assertEquals(BrokeredMfa.ONE_FACTOR, BrokeredMfa.of(new Decision(false, false, "exempt-group"), -1));
    }

    @Test
    void parsesOnlyItsOwnNames() {
        for (BrokeredMfa m : BrokeredMfa.values()) {
            assertEquals(m, BrokeredMfa.parse(m.name()));
        }
        assertNull(BrokeredMfa.parse("idp-mfa"));
        assertNull(BrokeredMfa.parse(null));
    }
}
