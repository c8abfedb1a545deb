package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeBoundTest {

    @Test
    void aBareDateIsTheStartOfTheDayAsFromAndItsLastMillisecondAsTo() {
        assertEquals(Instant.parse("2026-11-30T00:00:00Z").toEpochMilli(), TimeBound.FROM.parse("2026-11-30"));
        assertEquals(Instant.parse("2026-11-30T23:59:59.999Z").toEpochMilli(), TimeBound.TO.parse("2026-11-30"));
        assertEquals(Instant.parse("2028-03-01T00:00:00Z").toEpochMilli() - 1, TimeBound.TO.parse("2028-02-29"), "leap day");
    }

    @Test
    void instantsAndEpochMillisAreTakenAsGiven() {
        assertEquals(1_700_000_000_000L, TimeBound.TO.parse("1700000000000"));
        assertEquals(Instant.parse("2026-11-30T12:00:00Z").toEpochMilli(), TimeBound.TO.parse("2026-11-30T12:00:00Z"));
        assertEquals(0, TimeBound.FROM.parse("0"));
    }

    @Test
    void instantsBeyondEpochMillisAreRefusedNamingTheParameter() {
        for (TimeBound bound : TimeBound.values()) {
            for (String far : new String[] {"+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bound.parse(far));
                assertTrue(e.getMessage().startsWith(bound.parameter() + " must be"), e.getMessage());
            }
        }
    }

    @Test
    void malformedValuesAreRefusedNamingTheParameter() {
        for (String bad : new String[] {"yesterday", "", "2026-13-01", "2026-02-30", "1234567890123456", "-5",
                "\u0661\u0662\u0663", "2026-11-30T25:00:00Z"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeBound.FROM.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("from must be"), e.getMessage());
        }
    }
}
