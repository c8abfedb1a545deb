package dev.gatehouse.audit.delivery;

/** A destination's configuration is refused; the message names the field and says what is expected, never the secret. */
public class DestinationConfigException extends Exception {

    private final String field;

    public DestinationConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
