package dev.gatehouse.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for export lines, so the offline verifier runs on the JDK alone (inside the server,
 * Jackson reads JSON). It takes what the sealer writes: objects, arrays, strings, whole numbers, true, false,
 * null, without white space. Anything else is an error naming the offset: ASCII digits only (Long.parseLong
 * would take other scripts' digits), no leading zeros, no raw control characters, and every backslash escape
 * complete.
 */
final class MiniJson {

    private final String s;
    private int i;

    private MiniJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        Object v = p.value();
        if (p.i != text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{': {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                if (peek('}')) {
                    return m;
                }
                do {
                    String k = string();
                    expect(':');
                    if (m.put(k, value()) != null) {
                        throw error("duplicate key " + k);
                    }
                } while (peek(','));
                expect('}');
                return m;
            }
            case '[': {
                i++;
                List<Object> l = new ArrayList<>();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                } while (peek(','));
                expect(']');
                return l;
            }
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default: {
                int start = i;
                if (c == '-') {
                    i++;
                }
                int digits = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == digits) {
                    throw error("unexpected character");
                }
                if (s.charAt(digits) == '0' && i > digits + 1) {
                    i = digits;
                    throw error("leading zero");
                }
                try {
                    return Long.parseLong(s.substring(start, i));
                } catch (NumberFormatException e) {
                    throw error("bad number");
                }
            }
        }
    }

    private String string() {
        expect('"');
        // Fast path: most strings have no escapes, so one scan and one substring.
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '"') {
                String plain = s.substring(i, j);
                i = j + 1;
                return plain;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
        }
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                i--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hex4());
                default -> {
                    i -= 2;
                    throw error("bad escape");
                }
            }
        }
    }

    /** The four hex digits after a backslash-u; the offset of an error is that of the escape's backslash. */
    private char hex4() {
        int escape = i - 2;
        if (i + 4 > s.length()) {
            i = escape;
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            char c = s.charAt(i + k);
            int d = c > 'f' ? -1 : Character.digit(c, 16); // ASCII hex only: digit() also takes other scripts' digits
            if (d < 0) {
                i = escape;
                throw error("bad \\u escape");
            }
            v = v * 16 + d;
        }
        i += 4;
        return (char) v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, i)) {
            throw error("unexpected character");
        }
        i += word.length();
        return value;
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + i);
    }
}
