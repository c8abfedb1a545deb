package dev.gatehouse.authenticators.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The trust cookie: its name and its value. Plain Java.
 *
 * <p>One cookie per user and realm: the name is {@code GATEHOUSE_TRUST_} followed by the first 16 characters of
 * base64url(SHA-256(realmId + ":" + userId)), so two people sharing a browser each keep their own. The value is
 * {@code v1.<realmId>.<userId>.<deviceId>.<secret>}, the secret 32 random bytes in base64url without padding.
 * Realm and user are in the value so a cookie moved under another name or realm is recognised as foreign.
 *
 * <p>Ids are 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 - _ :} (UUIDs, and Keycloak's
 * {@code f:<provider>:<id>} federated ids as long as their external part keeps to that set); the constructor refuses
 * anything else, so every cookie that exists can be encoded and decoded again.
 *
 * @param realmId  the realm it was written for
 * @param userId   the user it was written for
 * @param deviceId the id of the user's trusted-device credential
 * @param secret   the random secret; only its keyed hash is stored
 */
public record TrustCookie(String realmId, String userId, String deviceId, byte[] secret) {

    public static final String NAME_PREFIX = "GATEHOUSE_TRUST_";
    public static final int SECRET_BYTES = 32;
    public static final int MAX_ID_LENGTH = 128;

    private static final String VERSION = "v1";
    private static final int SECRET_CHARS = 43; // 32 bytes in base64url without padding
    private static final int NAME_HASH_CHARS = 16;
    /** Longer than any value encode() writes: decode stops reading at once. */
    private static final int MAX_VALUE_LENGTH = VERSION.length() + 3 * MAX_ID_LENGTH + SECRET_CHARS + 4;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** @throws IllegalArgumentException for an id outside the charset or length, or a secret of another length */
    public TrustCookie {
        if (!isId(realmId) || !isId(userId) || !isId(deviceId)) {
            throw new IllegalArgumentException("trust cookie ids must be 1 to " + MAX_ID_LENGTH
                    + " characters of A-Z a-z 0-9 - _ :");
        }
        if (secret == null || secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("trust cookie secret must be " + SECRET_BYTES + " bytes");
        }
        secret = secret.clone();
    }

    /** The cookie name of this user in this realm. */
    public static String name(String realmId, String userId) {
        Objects.requireNonNull(realmId, "realmId");
        Objects.requireNonNull(userId, "userId");
        byte[] digest = sha256().digest((realmId + ":" + userId).getBytes(StandardCharsets.UTF_8));
        return NAME_PREFIX + B64.encodeToString(digest).substring(0, NAME_HASH_CHARS);
    }

    /** A new secret from {@code random}. */
    public static byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /** A copy: the record stays unchanged whatever the caller does with it. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The cookie value. */
    public String encode() {
        return VERSION + "." + realmId + "." + userId + "." + deviceId + "." + B64.encodeToString(secret);
    }

    /**
     * Parses a cookie value strictly (version, five parts, ids of sane length and charset, a secret of exactly
     * {@link #SECRET_BYTES} in canonical base64url without padding); null for anything else, never an exception.
     * One pass over at most {@code MAX_VALUE_LENGTH} characters, whatever the input.
     */
    public static TrustCookie decode(String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        String[] parts = new String[5];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '.') {
                if (count == parts.length) {
                    return null; // an extra part
                }
                parts[count++] = value.substring(start, i);
                start = i + 1;
            }
        }
        if (count != parts.length || !VERSION.equals(parts[0]) || !isId(parts[1]) || !isId(parts[2])
                || !isId(parts[3]) || parts[4].length() != SECRET_CHARS || !isBase64Url(parts[4])) {
            return null;
        }
        byte[] secret = Base64.getUrlDecoder().decode(parts[4]);
        // The decoder ignores the unused low bits of the last character: only the one canonical spelling counts.
        if (secret.length != SECRET_BYTES || !B64.encodeToString(secret).equals(parts[4])) {
            return null;
        }
        return new TrustCookie(parts[1], parts[2], parts[3], secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustCookie c && realmId.equals(c.realmId) && userId.equals(c.userId)
                && deviceId.equals(c.deviceId) && MessageDigest.isEqual(secret, c.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(realmId, userId, deviceId, Arrays.hashCode(secret));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "TrustCookie[realmId=" + realmId + ", userId=" + userId + ", deviceId=" + deviceId + ", secret=(hidden)]";
    }

    static boolean isId(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '-' || c == '_' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
