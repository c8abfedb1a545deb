package dev.gatehouse.authenticators.trust;

import java.util.Locale;
import java.util.Map;

/**
 * Reads {@link TrustOption} values from an execution's config, shared by {@link TrustSettings} and {@link TrustRule}:
 * a missing or blank value takes the declared default; a malformed one is refused naming the key.
 */
final class OptionValues {

    private static final int MAX_QUOTED = 40;

    private final Map<String, String> config;

    OptionValues(Map<String, String> config) {
        this.config = config == null ? Map.of() : config;
    }

    String text(TrustOption option) {
        String raw = config.get(option.key());
        return raw == null || raw.isBlank() ? option.defaultValue() : raw.strip();
    }

    boolean bool(TrustOption option) {
        String v = text(option).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw refused(option, "true or false", v);
        }
        return v.equals("true");
    }

    int number(TrustOption option, int min, int max) {
        String v = text(option);
        // ASCII digits only (Integer.parseInt would also take other scripts' digits), few enough not to overflow.
        boolean digits = !v.isEmpty() && v.length() <= 9;
        for (int i = 0; digits && i < v.length(); i++) {
            digits = v.charAt(i) >= '0' && v.charAt(i) <= '9';
        }
        if (!digits || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            throw refused(option, "a whole number from " + min + " to " + max, v);
        }
        return Integer.parseInt(v);
    }

    /** The value is quoted only when it is short printable ASCII: the message may reach a log line. */
    static IllegalArgumentException refused(TrustOption option, String expected, String value) {
        boolean printable = value != null && !value.isEmpty() && value.length() <= MAX_QUOTED
                && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        return new IllegalArgumentException(option.key() + " must be " + expected
                + (printable ? ", not '" + value + "'" : ""));
    }
}
