package dev.gatehouse.authenticators.trust;

import java.security.SecureRandom;

/**
 * The trust cookie: its name and its value. Plain Java.
 *
 * <p>One cookie per user and realm: the name is {@code GATEHOUSE_TRUST_} followed by the first 16 characters of
 * base64url(SHA-256(realmId + ":" + userId)), so two people sharing a browser each keep their own. The value is
 * {@code v1.<realmId>.<userId>.<deviceId>.<secret>}, the secret 32 random bytes in base64url without padding.
 * Realm and user are in the value so a cookie moved under another name or realm is recognised as foreign.
 *
 * @param realmId  the realm it was written for
 * @param userId   the user it was written for
 * @param deviceId the id of the user's trusted-device credential
 * @param secret   the random secret; only its keyed hash is stored
 */
public record TrustCookie(String realmId, String userId, String deviceId, byte[] secret) {

    public static final String NAME_PREFIX = "GATEHOUSE_TRUST_";
    public static final int SECRET_BYTES = 32;

    /** The cookie name of this user in this realm. */
    public static String name(String realmId, String userId) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /** A new secret from {@code random}. */
    public static byte[] newSecret(SecureRandom random) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /** The cookie value. */
    public String encode() {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /**
     * Parses a cookie value strictly (version, five parts, ids of sane length and charset, a secret of exactly
     * {@link #SECRET_BYTES}); null for anything else, never an exception.
     */
    public static TrustCookie decode(String value) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
