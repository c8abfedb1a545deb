package dev.gatehouse.audit.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecordFilterTest {

    private static RecordFilter parse(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return RecordFilter.parse(m::get);
    }

    @Test
    void noParametersIsNoFilter() {
        RecordFilter f = parse("user", " ", "type", "");
        assertTrue(f.isEmpty());
        assertEquals(RecordFilter.NONE, f);
    }

    @Test
    void everyFilterIsParsedAndListedInOrder() {
        RecordFilter f = parse("user", " alice ", "kind", "user", "type", "LOGIN_ERROR", "outcome", "error", "ip", "10.0.0.1",
                "client", "demo-app", "from", "2026-11-30", "to", "2026-11-30", "search", "Redirect_URI", "session", "s1",
                "correlationId", "c1");
        assertEquals("alice", f.actor());
        assertEquals(RecordFilter.Outcome.ERROR, f.outcome());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z").toEpochMilli(), f.from());
        assertEquals(Instant.parse("2026-11-30T23:59:59.999Z").toEpochMilli(), f.to());
        assertEquals("redirect_uri", f.search(), "search is case-insensitive: lower-cased like the stored text");
        assertEquals(String.join(",", RecordFilter.NAMES), String.join(",", f.parameters().keySet()));
        assertEquals("u1", f.withActor("u1").actor());
        assertEquals("LOGIN_ERROR", f.withActor("u1").type());
    }

    @Test
    void badValuesAreRefusedWithoutRepeatingThem() {
        String evil = "<script>alert(1)</script>";
        for (String name : new String[] {"kind", "type", "outcome", "from", "to"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(name, evil));
            assertTrue(e.getMessage().startsWith(name), e.getMessage());
            assertFalse(e.getMessage().contains("<"), e.getMessage());
        }
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> parse("ip", "x".repeat(256)));
        assertFalse(tooLong.getMessage().contains("xxx"));
        assertThrows(IllegalArgumentException.class, () -> parse("search", "ab"), "two characters can't use the trigram index");
        assertThrows(IllegalArgumentException.class, () -> parse("from", "2026-12-02", "to", "2026-12-01"));
    }

    @Test
    void outcomeIsSuccessOrError() {
        assertEquals(RecordFilter.Outcome.SUCCESS, parse("outcome", "success").outcome());
        assertNull(parse().outcome());
        assertThrows(IllegalArgumentException.class, () -> parse("outcome", "ERROR"));
    }
}
