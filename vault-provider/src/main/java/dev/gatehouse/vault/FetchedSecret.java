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
 */
public record FetchedSecret(byte[] value, Instant expiresAt, Instant rotatesAt) {

    public static FetchedSecret of(byte[] value) {
        return new FetchedSecret(value, null, null);
    }

    public FetchedSecret withValue(byte[] other) {
        return new FetchedSecret(other, expiresAt, rotatesAt);
    }
}
