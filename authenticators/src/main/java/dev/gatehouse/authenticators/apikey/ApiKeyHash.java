package dev.gatehouse.authenticators.apikey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server stores instead of a key: HMAC-SHA256, keyed by a secret that is not in the database (the realm's
 * HS512 key or a vault secret), over the length-prefixed label {@code gatehouse-api-key}, the realm id and the
 * whole key. The label keeps these inputs apart from anything else made with the realm key. Lower-case hex, so a
 * unique index finds it. Plain Java.
 */
public final class ApiKeyHash {

    private static final byte[] LABEL = "gatehouse-api-key".getBytes(StandardCharsets.UTF_8);
    private static final String ALGORITHM = "HmacSHA256";

    private ApiKeyHash() {
    }

    /** @throws IllegalArgumentException for a null or empty secret */
    public static String of(byte[] secret, String realmId, String key) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("API key hash needs a secret");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            update(mac, Objects.requireNonNull(realmId, "realmId").getBytes(StandardCharsets.UTF_8), LABEL);
            update(mac, key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    private static void update(Mac mac, byte[] part, byte[] label) {
        update(mac, label);
        update(mac, part);
    }

    private static void update(Mac mac, byte[] part) {
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        mac.update(part);
    }
}
