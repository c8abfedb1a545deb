package dev.gatehouse.authenticators.apikey;

import java.time.Instant;
import java.util.List;

/**
 * One API key as stored (never the key itself: its keyed hash). Plain Java.
 *
 * @param id              the key id (shown, used in REST paths, the claim {@code gatehouse_api_key})
 * @param ownerId         the owner's user id (a service account's user id for a client)
 * @param credentialId    the Keycloak credential the key lives by: removed = revoked
 * @param displayPrefix   {@code <prefix>_<first 6 of random>}
 * @param keyHash         lower-case hex HMAC-SHA256 ({@link ApiKeyHash})
 * @param roles           role qualifiers granted at creation
 * @param clientScopes    client scope names granted at creation
 * @param allowedCidrs    the address allowlist; empty = any
 * @param requiredHeaders context headers required on every use (besides the realm's)
 * @param rateLimit       uses per minute, or null for the realm's default
 * @param expiresAt       when the key stops working (a rotation brings it forward to the overlap's end)
 * @param revokedAt       when it was revoked, or null
 * @param rotatedFrom     the id of the key this one replaced, or null
 * @param lastUsedAt      last successful use, or null
 * @param uses            successful uses counted so far
 * @param failures        refused uses of this key counted so far
 */
public record ApiKeyRecord(String id, String realmId, String ownerId, String credentialId, String name,
                           String displayPrefix, String keyHash, List<String> roles, List<String> clientScopes,
                           List<String> allowedCidrs, List<String> requiredHeaders, Integer rateLimit,
                           Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt,
                           String revokedBy, String rotatedFrom, Instant lastUsedAt, String lastUsedIp, long uses,
                           long failures) {

    public ApiKeyRecord {
        roles = List.copyOf(roles);
        clientScopes = List.copyOf(clientScopes);
        allowedCidrs = List.copyOf(allowedCidrs);
        requiredHeaders = List.copyOf(requiredHeaders);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean active(Instant now) {
        return !revoked() && !expired(now);
    }

    /** The same key expiring at {@code at} (a rotation's overlap). */
    public ApiKeyRecord withExpiry(Instant at) {
        return new ApiKeyRecord(id, realmId, ownerId, credentialId, name, displayPrefix, keyHash, roles, clientScopes,
                allowedCidrs, requiredHeaders, rateLimit, createdAt, createdBy, at, revokedAt, revokedBy, rotatedFrom,
                lastUsedAt, lastUsedIp, uses, failures);
    }

    /** The same key revoked at {@code at} by {@code by}. */
    public ApiKeyRecord withRevocation(Instant at, String by) {
        return new ApiKeyRecord(id, realmId, ownerId, credentialId, name, displayPrefix, keyHash, roles, clientScopes,
                allowedCidrs, requiredHeaders, rateLimit, createdAt, createdBy, expiresAt, at, by, rotatedFrom,
                lastUsedAt, lastUsedIp, uses, failures);
    }
}
