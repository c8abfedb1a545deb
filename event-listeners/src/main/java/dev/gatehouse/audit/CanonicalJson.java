package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) encoding of audit records: members sorted by their UTF-16 code
 * units, no insignificant white space, strings escaped minimally. Audit records hold only strings, whole
 * numbers, booleans, null, maps and lists; other numbers are refused rather than encoded ambiguously.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            // Beyond 2^53 a JSON number is not exact in I-JSON (RFC 7493), which RFC 8785 builds on.
            if (Math.abs(n) > (1L << 53)) {
                throw new IllegalArgumentException("integer outside I-JSON's exact range: " + n);
            }
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            for (Object k : map.keySet()) {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException("object keys must be strings: " + k);
                }
                keys.add((String) k);
            }
            keys.sort(String::compareTo); // String.compareTo orders by UTF-16 code units, as RFC 8785 requires
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, keys.get(i));
                out.append(':');
                write(out, map.get(keys.get(i)));
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not encodable in an audit record: " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        throw new IllegalArgumentException("lone surrogate in a string");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
