package dev.gatehouse.audit.view;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The searchable text of a record: its details as lower-case {@code key=value} pairs in key order, and for admin
 * records the resource type and path; each pair cut to {@value #MAX_PAIR} characters (a padded redirect_uri must not
 * hide the username behind it from search). Stored in a column of its own (DETAILS_TEXT) so a trigram index on
 * PostgreSQL makes "search in details" an index lookup instead of a scan of the JSON payloads.
 */
public final class DetailsText {

    public static final int MAX = 1000;
    /** Each pair is cut to this before joining, so a long early value can't push later keys out of the text. */
    public static final int MAX_PAIR = 100;

    private DetailsText() {
    }

    /** Null when the record has nothing to search. */
    public static String of(Map<?, ?> details, Object resourceType, Object resourcePath) {
        StringBuilder b = new StringBuilder();
        if (details != null) {
            new TreeMap<>(stringKeys(details)).forEach((k, v) -> append(b, pair(k, v)));
        }
        if (resourceType != null) {
            append(b, pair("resourcetype", resourceType));
        }
        if (resourcePath != null) {
            append(b, pair("resourcepath", resourcePath));
        }
        if (b.isEmpty()) {
            return null;
        }
        String s = b.toString().toLowerCase(Locale.ROOT);
        return s.length() <= MAX ? s : s.substring(0, MAX);
    }

    private static String pair(String key, Object value) {
        String p = key + "=" + value;
        return p.length() <= MAX_PAIR ? p : p.substring(0, MAX_PAIR);
    }

    private static Map<String, String> stringKeys(Map<?, ?> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static void append(StringBuilder b, String s) {
        if (!b.isEmpty()) {
            b.append(' ');
        }
        b.append(s);
    }
}
