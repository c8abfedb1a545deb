package dev.gatehouse.authenticators.otp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * One issued code, as the authentication session keeps it: never the code itself, only the nonce it is
 * derived from, the id of the key it was derived with, where it was sent, the sign-in it is bound to, and its
 * times.
 *
 * @param boundTo the sign-in ("root-session.tab") the code was derived for; a second tab that reuses a live
 *                challenge keeps the binding of the tab it was issued in
 */
public record Challenge(String id, String nonce, String keyId, String destination, String boundTo,
                        Instant issuedAt, Instant expiresAt, Instant lastSentAt) {

    private static final String VERSION = "v2";
    private static final Pattern SEPARATOR = Pattern.compile("\\|");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public Challenge {
        if (id == null || nonce == null || keyId == null || destination == null || boundTo == null) {
            throw new IllegalArgumentException("every text field of a challenge is required");
        }
    }

    public static Challenge issue(String id, String nonce, String keyId, String destination, String boundTo,
                                  Instant now, Duration ttl) {
        return new Challenge(id, nonce, keyId, destination, boundTo, now, now.plus(ttl), now);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Zero when a resend is allowed now, otherwise how long to wait. */
    public Duration resendWait(Instant now, Duration cooldown) {
        Duration wait = Duration.between(now, lastSentAt.plus(cooldown));
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    public Challenge resent(Instant now) {
        return new Challenge(id, nonce, keyId, destination, boundTo, issuedAt, expiresAt, now);
    }

    /** The browser's sign-in session (root authentication session) of the tab the challenge was issued in. */
    public String browserSession() {
        int dot = boundTo.lastIndexOf('.');
        return dot < 0 ? boundTo : boundTo.substring(0, dot);
    }

    /** Same user's destination, compared as addresses are: without regard to case. */
    public boolean sentTo(String other) {
        return other != null && destination.equalsIgnoreCase(other);
    }

    /**
     * A single note value. Text fields are Base64url-encoded, so any character an address or id may hold
     * (a '|', a '%', non-ASCII) round-trips.
     */
    public String encode() {
        return String.join("|", VERSION, text(id), text(nonce), text(keyId), text(destination), text(boundTo),
                Long.toString(issuedAt.getEpochSecond()), Long.toString(expiresAt.getEpochSecond()),
                Long.toString(lastSentAt.getEpochSecond()));
    }

    /** The challenge a note holds, or null when there is none or it is not one of ours. */
    public static Challenge decode(String note) {
        if (note == null) {
            return null;
        }
        String[] p = SEPARATOR.split(note, -1);
        if (p.length != 9 || !VERSION.equals(p[0])) {
            return null;
        }
        try {
            return new Challenge(untext(p[1]), untext(p[2]), untext(p[3]), untext(p[4]), untext(p[5]),
                    Instant.ofEpochSecond(Long.parseLong(p[6])), Instant.ofEpochSecond(Long.parseLong(p[7])),
                    Instant.ofEpochSecond(Long.parseLong(p[8])));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static String text(String s) {
        return ENCODER.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String untext(String s) {
        return new String(DECODER.decode(s), StandardCharsets.UTF_8);
    }
}
