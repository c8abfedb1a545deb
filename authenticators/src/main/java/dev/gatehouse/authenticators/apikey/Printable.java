package dev.gatehouse.authenticators.apikey;

/** Input quoted in a message only when it is short printable ASCII (messages reach answers and logs). Plain Java. */
public final class Printable {

    private static final int MAX = 64;

    private Printable() {
    }

    public static String quote(String s) {
        boolean ok = s != null && !s.isEmpty() && s.length() <= MAX && s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        return ok ? "'" + s + "'" : "(unprintable)";
    }
}
