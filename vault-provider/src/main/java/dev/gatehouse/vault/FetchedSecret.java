package dev.gatehouse.vault;

import java.time.Instant;

/**
 * What a backend returned for one secret: its bytes, and what the backend said about its lifetime.
 *
 * @param value     the secret's bytes (the caller owns and wipes them)
 * @param expiresAt when the value stops being valid (Azure {@code exp}, a Vault lease or KV v2 {@code deletion_time});
 *                  never served past it. Null when the backend doesn't say.
 * @param rotatesAt when the backend will replace the value (AWS {@code NextRotationDate}): the cache refreshes then,
 *                  but a value fetched after it is still served, as a late rotation leaves it current. Null when
 *                  unknown.
 * Both dates are clamped to {@link #EARLIEST}..{@link #LATEST}: a backend may send any number, and an expiry before
 * 1970 means already expired.
 */
public record FetchedSecret(byte[] value, Instant expiresAt, Instant rotatesAt) {

    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public FetchedSecret {
        expiresAt = clamp(expiresAt);
        rotatesAt = clamp(rotatesAt);
    }

    /** A backend's date within {@link #EARLIEST}..{@link #LATEST}; null stays null. */
    public static Instant clamp(Instant t) {
        return t == null ? null : t.isBefore(EARLIEST) ? EARLIEST : t.isAfter(LATEST) ? LATEST : t;
    }

    /** Epoch seconds as a backend sent them (any long), as a clamped instant. */
    public static Instant ofEpochSecond(long seconds) {
        return Instant.ofEpochSecond(Math.max(EARLIEST.getEpochSecond(), Math.min(LATEST.getEpochSecond(), seconds)));
    }

    public static FetchedSecret of(byte[] value) {
        return new FetchedSecret(value, null, null);
    }

    public FetchedSecret withValue(byte[] other) {
        return new FetchedSecret(other, expiresAt, rotatesAt);
    }
}
