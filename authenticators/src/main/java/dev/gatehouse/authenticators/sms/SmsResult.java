package dev.gatehouse.authenticators.sms;

/**
 * What a delivery service answered, in words the flow can act on. {@code providerCode} is the service's own
 * error code (Twilio's 21211…) for events and admins, null on success or when the service gave none.
 */
public record SmsResult(Outcome outcome, String providerCode) {

    public enum Outcome {
        /** Accepted for delivery (or, for a check, approved). */
        SENT,
        /** Twilio 21211: not a valid number. */
        INVALID_NUMBER,
        /** Twilio 21408: the account may not send to that country. */
        COUNTRY_NOT_ENABLED,
        /** Twilio 21610: the recipient replied STOP. */
        OPTED_OUT,
        /** Twilio 21614: not a mobile number. */
        NOT_MOBILE,
        /** Any other refusal of the request (4xx). */
        REJECTED,
        /** Credentials refused (401/403, Twilio 20003): the admin must fix the config. */
        MISCONFIGURED,
        /** Timeout, connection failure or 5xx, after one retry. */
        UNAVAILABLE,
        /** A check: the service did not approve the code. */
        NOT_APPROVED
    }

    public static final SmsResult SENT = new SmsResult(Outcome.SENT, null);

    public boolean ok() {
        return outcome == Outcome.SENT;
    }
}
