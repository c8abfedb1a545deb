package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The offline verifier's JSON reader takes canonical lines and refuses anything looser, naming the offset. */
class MiniJsonTest {

    static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(text), text).getMessage();
    }

    @Test
    void readsWhatTheSealerWrites() {
        assertEquals(Map.of("a", List.of(1L, -2L, true, false), "b", "x\u00e9\"\n", "c", Map.of()),
                MiniJson.parse("{\"a\":[1,-2,true,false],\"b\":\"x\\u00e9\\\"\\n\",\"c\":{}}"));
        assertEquals(0L, MiniJson.parse("0"));
    }

    @Test
    void nonAsciiDigitsAreRefusedWithTheirOffset() {
        // Long.parseLong would read these as 12 and 2.
        assertEquals("unexpected character at offset 5", refusal("{\"a\":\u0661\u0662}"));
        assertEquals("expected '}' at offset 6", refusal("{\"a\":1\uff12}"));
        assertEquals("trailing characters at offset 1", refusal("7\u0663"));
    }

    @Test
    void aTruncatedUnicodeEscapeIsRefusedWithItsOffset() {
        assertEquals("truncated \\u escape at offset 1", refusal("\"\\u00"));
        assertEquals("truncated \\u escape at offset 3", refusal("\"ab\\u"));
        assertEquals("bad \\u escape at offset 1", refusal("\"\\u00e\"}"));
        assertEquals("bad \\u escape at offset 1", refusal("\"\\u+0e9\""));
        assertEquals("bad \\u escape at offset 1", refusal("\"\\u\u0660\u0660e9\""));
    }

    @Test
    void otherLooseInputIsRefusedWithItsOffset() {
        assertEquals("unterminated string at offset 3", refusal("\"a\\"));
        assertEquals("bad escape at offset 1", refusal("\"\\x\""));
        assertEquals("control character in a string at offset 2", refusal("\"a\u0001\""));
        assertEquals("leading zero at offset 0", refusal("01"));
        assertEquals("leading zero at offset 1", refusal("-01"));
        assertEquals("unexpected character at offset 1", refusal("-"));
        assertEquals("duplicate key a at offset 12", refusal("{\"a\":1,\"a\":2}"));
        assertEquals("unexpected end at offset 0", refusal(""));
    }
}
