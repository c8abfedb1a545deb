package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

class UsageTallyTest {

    private static final Instant T = Instant.parse("2026-12-01T23:59:00Z");

    @Test
    void countsPerKeyAndDay() {
        UsageTally t = new UsageTally(100);
        t.success("a", T, "10.0.0.1");
        t.success("a", T.plusSeconds(30), "10.0.0.2");
        t.failure("a", T);
        t.success("a", T.plusSeconds(120), "10.0.0.3"); // next day (UTC)
        t.failure("b", T);
        List<UsageTally.Entry> e = t.drain().stream()
                .sorted(Comparator.comparing(UsageTally.Entry::keyId).thenComparing(UsageTally.Entry::day)).toList();
        int day = UsageTally.day(T);
        assertEquals(List.of(
                new UsageTally.Entry("a", day, 2, 1, T.plusSeconds(30), "10.0.0.2"),
                new UsageTally.Entry("a", day + 1, 1, 0, T.plusSeconds(120), "10.0.0.3"),
                new UsageTally.Entry("b", day, 0, 1, null, null)), e);
    }

    @Test
    void drainStartsAfresh() {
        UsageTally t = new UsageTally(100);
        t.success("a", T, "10.0.0.1");
        assertEquals(1, t.drain().size());
        assertTrue(t.drain().isEmpty());
    }

    @Test
    void aFailedFlushIsPutBackAndAddsUp() {
        UsageTally t = new UsageTally(100);
        t.success("a", T, "10.0.0.1");
        List<UsageTally.Entry> taken = t.drain();
        t.success("a", T.minusSeconds(10), "10.0.0.9");
        t.restore(taken);
        assertEquals(List.of(new UsageTally.Entry("a", UsageTally.day(T), 2, 0, T, "10.0.0.1")), t.drain());
    }

    @Test
    void staysWithinItsCapacity() {
        UsageTally t = new UsageTally(2);
        t.success("a", T, "x");
        t.success("b", T, "x");
        t.success("c", T, "x");
        t.success("a", T, "x");
        List<UsageTally.Entry> e = t.drain();
        assertEquals(2, e.size());
        assertEquals(3, e.stream().mapToLong(UsageTally.Entry::uses).sum());
    }

    @Test
    void theDayIsTheUtcEpochDay() {
        assertEquals(20_423, UsageTally.day(Instant.parse("2025-12-01T00:00:00Z")));
    }
}
