package dev.gatehouse.authenticators.otp;

import java.util.Locale;

/** What the code page asks for. */
public enum Stage {
    /** An address to send to (passwordless). */
    ADDRESS,
    /** The code. */
    CODE,
    /** Nothing: no input can help (no verified address, no way to send). */
    BLOCKED;

    /** The name the page template compares. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
