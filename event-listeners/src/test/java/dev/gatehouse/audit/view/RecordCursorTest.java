package dev.gatehouse.audit.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class RecordCursorTest {

    @Test
    void roundTrips() {
        RecordCursor c = new RecordCursor(1764550000123L, "6f1c2a9e-0d4b-4c55-9a1e-2b3c4d5e6f70");
        assertEquals(c, RecordCursor.decode(c.encode()));
        assertFalse(c.encode().contains("="), "url-safe, unpadded");
    }

    @Test
    void refusesWhatItDidNotEncode() {
        for (String bad : new String[] {"", "!!", enc("123"), enc("-1:abc"), enc("1:a b"), enc("1:' or 1=1 --"), enc("99999999999999999999:x"),
                enc("1:" + "a".repeat(65))}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordCursor.decode(bad), bad);
            assertEquals("cursor is not one this server returned", e.getMessage());
        }
    }

    private static String enc(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
