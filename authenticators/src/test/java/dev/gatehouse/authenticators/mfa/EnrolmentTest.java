package dev.gatehouse.authenticators.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class EnrolmentTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    static final Grace THREE = new Grace(3, null);

    @Test
    void anEssentialAcrEnforcesEvenWithGraceLeft() {
        assertEquals(Enrolment.Enforced.ESSENTIAL_ACR, Enrolment.enforced(true, THREE, 0, TODAY));
        assertEquals("essential-acr", Enrolment.Enforced.ESSENTIAL_ACR.note());
    }

    @Test
    void graceCountsDownThenEnforces() {
        assertEquals(Enrolment.Enforced.NO, Enrolment.enforced(false, THREE, 2, TODAY));
        assertEquals(Enrolment.Enforced.GRACE_OVER, Enrolment.enforced(false, THREE, 3, TODAY));
        assertNull(Enrolment.Enforced.NO.note());
    }

    @Test
    void aDateKeepsGraceOpenThroughItsDay() {
        Grace until = new Grace(0, TODAY);
        assertEquals(Enrolment.Enforced.NO, Enrolment.enforced(false, until, 9, TODAY));
        assertEquals(Enrolment.Enforced.GRACE_OVER, Enrolment.enforced(false, until, 9, TODAY.plusDays(1)));
    }

    @Test
    void laterOnlyForThePolicysOwnUnenforcedEnrolment() {
        assertTrue(Enrolment.laterOffered(false, true, false, THREE, 0, TODAY));
        assertFalse(Enrolment.laterOffered(true, true, false, THREE, 0, TODAY), "kc_action: Keycloak's own cancel");
        assertFalse(Enrolment.laterOffered(false, false, false, THREE, 0, TODAY), "not added (or enforced) by the policy step");
        assertFalse(Enrolment.laterOffered(false, true, true, THREE, 0, TODAY), "an admin's required action is never postponed");
        assertFalse(Enrolment.laterOffered(false, true, false, THREE, 3, TODAY), "no grace left");
    }

    @Test
    void theDateIsShownOnlyWhenItIsWhatKeepsGraceOpen() {
        Grace both = new Grace(2, TODAY);
        assertNull(Enrolment.untilShown(true, both, 1), "sign-ins left: the count is shown");
        assertEquals(TODAY, Enrolment.untilShown(true, both, 2));
        assertNull(Enrolment.untilShown(false, both, 2), "no later, no date");
        assertNull(Enrolment.untilShown(true, THREE, 3));
    }
}
