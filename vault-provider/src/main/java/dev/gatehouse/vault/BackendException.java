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

    public Kind kind() {
        return kind;
    }
}
