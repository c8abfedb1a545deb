package dev.gatehouse.authenticators.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One issued code, as the authentication session keeps it: never the code itself, only the nonce it is
 * derived from, the id of the key it was derived with, where it was sent, and its times.
 */
public record Challenge(String id, String nonce, String keyId, String destination,
                        Instant issuedAt, Instant expiresAt, Instant lastSentAt) {

    private static final String VERSION = "v1";
    private static final Pattern SEPARATOR = Pattern.compile("\\|");

    public static Challenge issue(String id, String nonce, String keyId, String destination, Instant now, Duration ttl) {
        return new Challenge(id, nonce, keyId, destination, now, now.plus(ttl), now);
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
        return new Challenge(id, nonce, keyId, destination, issuedAt, expiresAt, now);
    }

    /** A single auth-note value; fields never contain '|' (ids and nonces are URL-safe, addresses are checked). */
    public String encode() {
        for (String f : new String[] {id, nonce, keyId, destination}) {
            if (f.indexOf('|') >= 0) {
                throw new IllegalArgumentException("'|' in a challenge field");
            }
        }
        return String.join("|", VERSION, id, nonce, keyId, destination,
                Long.toString(issuedAt.getEpochSecond()), Long.toString(expiresAt.getEpochSecond()),
                Long.toString(lastSentAt.getEpochSecond()));
    }

    /** The challenge a note holds, or null when there is none or it is not one of ours. */
    public static Challenge decode(String note) {
        if (note == null) {
            return null;
        }
        String[] p = SEPARATOR.split(note, -1);
        if (p.length != 8 || !VERSION.equals(p[0])) {
            return null;
        }
        try {
            return new Challenge(p[1], p[2], p[3], p[4], Instant.ofEpochSecond(Long.parseLong(p[5])),
                    Instant.ofEpochSecond(Long.parseLong(p[6])), Instant.ofEpochSecond(Long.parseLong(p[7])));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
