package dev.gatehouse.audit.alert;

/**
 * The flood limit of one rule in one realm, as a pure function: at most {@code budget} alerts per budget window
 * (the rule's window), whatever groups an attacker makes up. Past it further alerts are suppressed and counted;
 * when the window is over (at the next evaluation, or at the rule's next alert) one digest alert reports how many
 * groups were suppressed. Times are the records' own times, like {@link SlidingWindow}.
 * Text form: {@code budget|windowStart|fired|suppressed|firstSuppressed|lastSuppressed}.
 */
public record AlertBudget(long windowStart, int fired, long suppressed, long firstSuppressed, long lastSuppressed) {

    public static final AlertBudget EMPTY = new AlertBudget(0, 0, 0, 0, 0);
    static final String PREFIX = "budget|";

    /** What one would-be alert does: whether it may fire, a digest to fire first (null if none), and the next state. */
    public record Decision(boolean fire, Digest digest, AlertBudget next) {
    }

    /** The suppressed alerts of one ended budget window. */
    public record Digest(long suppressed, long firstTime, long lastTime) {
    }

    /** An alert of the rule wants to fire at {@code time}. */
    public Decision spend(int budget, long windowMillis, long time) {
        if (fired == 0 || time >= windowStart + windowMillis) {
            return new Decision(true, digest(), new AlertBudget(time, 1, 0, 0, 0));
        }
        if (fired < budget) {
            return new Decision(true, null, new AlertBudget(windowStart, fired + 1, suppressed, firstSuppressed, lastSuppressed));
        }
        return new Decision(false, null, new AlertBudget(windowStart, fired, suppressed + 1,
                suppressed == 0 ? time : firstSuppressed, Math.max(time, lastSuppressed)));
    }

    /** At {@code now} with no alert wanting to fire: the window's digest once the window is over (the state then resets). */
    public Decision close(long windowMillis, long now) {
        if (suppressed > 0 && now >= windowStart + windowMillis) {
            return new Decision(false, digest(), EMPTY);
        }
        return new Decision(false, null, this);
    }

    private Digest digest() {
        return suppressed == 0 ? null : new Digest(suppressed, firstSuppressed, lastSuppressed);
    }

    /** When the window ends: then the state is closed (its digest fired, if any) and dropped. */
    public long expiresAt(long windowMillis) {
        return windowStart + windowMillis;
    }

    public String encode() {
        return PREFIX + windowStart + "|" + fired + "|" + suppressed + "|" + firstSuppressed + "|" + lastSuppressed;
    }

    /** The start of every encoded budget (for a LIKE query). */
    public static String encodedPrefix() {
        return PREFIX;
    }

    /** Whether a stored state text is a budget (rather than a {@link WindowState}). */
    public static boolean isBudget(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** Decodes {@link #encode()}; an unreadable text counts as empty. */
    public static AlertBudget decode(String text) {
        if (!isBudget(text)) {
            return EMPTY;
        }
        try {
            String[] p = text.substring(PREFIX.length()).split("\\|", -1);
            return new AlertBudget(Long.parseLong(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]));
        } catch (RuntimeException e) {
            return EMPTY;
        }
    }
}
