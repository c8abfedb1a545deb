package dev.gatehouse.authenticators.config;

import java.util.Locale;
import java.util.Map;

/**
 * Reads declared options from a config map (an execution's or a required action's), for the plain cores that
 * parse them (SmsSettings, TrustSettings, TrustRule): a missing or blank value takes the declared default; a
 * malformed one is refused naming the key. Plain Java.
 */
public final class OptionValues {

    private static final int MAX_QUOTED = 40;

    private OptionValues() {
    }

    public static String text(Map<String, String> config, DeclaredOption option) {
        String raw = config == null ? null : config.get(option.key());
        return raw == null || raw.isBlank() ? option.defaultValue() : raw.strip();
    }

    /** Exactly {@code true} or {@code false}. */
    public static boolean bool(Map<String, String> config, DeclaredOption option) {
        return trueOrFalse(option, text(config, option));
    }

    /** {@code true} or {@code false} in any case (compared under {@link Locale#ROOT}). */
    public static boolean boolIgnoringCase(Map<String, String> config, DeclaredOption option) {
        return trueOrFalse(option, text(config, option).toLowerCase(Locale.ROOT));
    }

    private static boolean trueOrFalse(DeclaredOption option, String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw refused(option, "true or false", v);
        }
        return v.equals("true");
    }

    public static int number(Map<String, String> config, DeclaredOption option, int min, int max) {
        String v = text(config, option);
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
    public static IllegalArgumentException refused(DeclaredOption option, String expected, String value) {
        boolean printable = value != null && !value.isEmpty() && value.length() <= MAX_QUOTED
                && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        return new IllegalArgumentException(option.key() + " must be " + expected
                + (printable ? ", not '" + value + "'" : ""));
    }
}
