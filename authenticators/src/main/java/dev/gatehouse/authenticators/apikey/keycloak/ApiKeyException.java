package dev.gatehouse.authenticators.apikey.keycloak;

/**
 * A management request refused: the HTTP status and a message safe to show (input is quoted only when short and
 * printable; never a key or hash).
 */
public class ApiKeyException extends RuntimeException {

    private final int status;

    public ApiKeyException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400, 403, 404, 409 or 503. */
    public int status() {
        return status;
    }
}
