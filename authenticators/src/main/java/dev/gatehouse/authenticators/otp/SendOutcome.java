package dev.gatehouse.authenticators.otp;

import java.util.Locale;

/** What a send attempt did; the page says exactly this. */
public enum SendOutcome {
    /** A message went out (or, for an address without an account, would have). */
    SENT,
    /** This sign-in already has a live code that was sent: nothing new. */
    ALREADY_SENT,
    /** Another tab or sign-in of the same user and address was sent a code moments ago; this one uses it. */
    REUSED,
    /** An explicit resend before the cooldown is over. */
    WAIT,
    /** A message went to this address moments ago for a sign-in this one can't share: nothing was sent. */
    RECENTLY_SENT,
    /** A send budget is used up. */
    THROTTLED,
    /** The channel can't send at all (e.g. the realm has no SMTP server). */
    UNAVAILABLE,
    /** The channel refused the message. */
    FAILED;

    /** The name in events. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
