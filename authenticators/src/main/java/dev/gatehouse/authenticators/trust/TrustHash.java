package dev.gatehouse.authenticators.trust;

/**
 * The keyed hash the server stores instead of a device secret: HMAC-SHA256 under the realm's HMAC key over
 * realm id, user id, device id and secret (length-prefixed), so a hash is bound to its device and owner. Plain Java.
 */
public final class TrustHash {

    private TrustHash() {
    }

    public static byte[] of(byte[] key, String realmId, String userId, String deviceId, byte[] secret) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /** Constant-time comparison; false when either is null. */
    public static boolean equal(byte[] a, byte[] b) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
