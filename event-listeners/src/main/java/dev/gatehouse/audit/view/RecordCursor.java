package dev.gatehouse.audit.view;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Keyset position in the newest-first order (created descending, then id descending): the last record of a
 * page. The next page starts strictly after it, so deep pages cost what the first one does. Opaque to clients:
 * base64url of {@code created:id}.
 */
public record RecordCursor(long created, String id) {

    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,17}):([A-Za-z0-9_-]{1,64})");

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((created + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** IllegalArgumentException (without the value) for anything this class did not encode. */
    public static RecordCursor decode(String value) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        var m = FORM.matcher(text);
        if (value.length() > 120 || !m.matches()) {
            throw invalid();
        }
        return new RecordCursor(Long.parseLong(m.group(1)), m.group(2));
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("cursor is not one this server returned");
    }
}
