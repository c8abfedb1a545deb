package dev.gatehouse.authenticators.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash the server stores instead of a device secret: HMAC-SHA256 under the realm's HMAC key over
 * realm id, user id, device id and secret (length-prefixed), so a hash is bound to its device and owner. Plain Java.
 *
 * <p>The input starts with the label {@code gatehouse-trust-device} (length-prefixed too): the realm key also
 * signs Keycloak's own HMAC tokens, and the label keeps our inputs apart from anything else made with it.
 */
public final class TrustHash {

    private static final byte[] LABEL = "gatehouse-trust-device".getBytes(StandardCharsets.UTF_8);
    private static final String ALGORITHM = "HmacSHA256";

    private TrustHash() {
    }

    /** @throws IllegalArgumentException for a null or empty key; NullPointerException for a null id or secret */
    public static byte[] of(byte[] key, String realmId, String userId, String deviceId, byte[] secret) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("trust hash needs a key");
        }
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            update(mac, LABEL);
            update(mac, utf8(realmId, "realmId"));
            update(mac, utf8(userId, "userId"));
            update(mac, utf8(deviceId, "deviceId"));
            update(mac, secret);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    /** Constant-time comparison; false when either is null. */
    public static boolean equal(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static byte[] utf8(String s, String what) {
        return Objects.requireNonNull(s, what).getBytes(StandardCharsets.UTF_8);
    }

    private static void update(Mac mac, byte[] part) {
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        mac.update(part);
    }
}
