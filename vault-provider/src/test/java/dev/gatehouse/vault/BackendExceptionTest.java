package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendExceptionTest {

    /** Remote text goes into log lines and the admin inventory: one line, bounded, whatever the backend sent. */
    @Test
    void remoteTextBecomesOneBoundedLine() {
        String hostile = "denied\r\nFAKE LOG LINE: admin logged in\n" + "x".repeat(10_000);
        String s = BackendException.sanitize(hostile);
        assertTrue(s.length() <= 200, "length " + s.length());
        assertTrue(s.chars().noneMatch(Character::isISOControl), s);
        assertTrue(s.startsWith("denied  FAKE LOG LINE: admin logged in x"), s);
    }

    @Test
    void everyControlCharacterAndLineSeparatorBecomesASpace() {
        assertEquals("a b c d e f", BackendException.sanitize("a\tb\u0007c\u0085d\u2028e\u001bf"));
        assertEquals("plain text stays", BackendException.sanitize("plain text stays"));
        assertEquals("", BackendException.sanitize(null));
    }

    @Test
    void cutNeverSplitsACharacter() {
        String s = BackendException.sanitize("x".repeat(198) + "\uD83D\uDD11" + "y".repeat(50));
        assertTrue(s.length() <= 200, "length " + s.length());
        assertTrue(s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF), "no half of a surrogate pair: " + s.substring(190));
    }
}
