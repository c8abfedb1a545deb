package dev.gatehouse.authenticators.otp;

/** What the code page can tell the user; each channel names the localized message for each. */
public enum CodeMessage {
    SENT_IF_ACCOUNT, SENT_AGAIN, REUSED, RESEND_WAIT, RECENTLY_SENT, THROTTLED, UNAVAILABLE, SEND_FAILED,
    NO_DESTINATION, INVALID, INVALID_ATTEMPTS, VOID, EXPIRED, STALE, INVALID_ADDRESS, MISCONFIGURED,
    CHECK_UNAVAILABLE
}
