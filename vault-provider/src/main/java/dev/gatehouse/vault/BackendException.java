package dev.gatehouse.vault;

/** Why a backend could not return a secret. Transient kinds let the cache serve a stale value. */
public class BackendException extends Exception {

    public enum Kind {
        NOT_FOUND(false), ACCESS_DENIED(false), THROTTLED(true), UNAVAILABLE(true), BAD_RESPONSE(false);

        public final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }
    }

    private final Kind kind;

    public BackendException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackendException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The most characters of remote text a message quotes. */
    public static final int MAX_REMOTE_TEXT = 200;

    /**
     * Text a backend sent (an error message, a code), fit for a message: these go into log lines and the admin
     * inventory, so a line break could forge a log entry and a long body would flood both. Control characters and
     * line separators become spaces; at most {@value #MAX_REMOTE_TEXT} characters, never half a surrogate pair.
     */
    public static String sanitize(String remote) {
        if (remote == null) {
            return "";
        }
        int end = Math.min(remote.length(), MAX_REMOTE_TEXT);
        boolean cut = end < remote.length();
        if (cut) {
            end--; // room for the ellipsis
            if (Character.isHighSurrogate(remote.charAt(end - 1))) {
                end--;
            }
        }
        StringBuilder b = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = remote.charAt(i);
            int type = Character.getType(c);
            b.append(Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR ? ' ' : c);
        }
        return cut ? b.append('…').toString() : b.toString();
    }

    public Kind kind() {
        return kind;
    }
}
