package dev.gatehouse.authenticators.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Numeric one-time codes derived with HMAC-SHA256 under a server-side key (the realm's HMAC key) from a
 * {@link SecureRandom} nonce and the code's {@link CodeBinding}. Only the nonce is stored: without the key a
 * stored challenge reveals nothing about its code, and the same code can be sent again on resend.
 */
public final class OneTimeCodes {

    private static final byte[] DOMAIN = "gatehouse-otp-v1".getBytes(StandardCharsets.US_ASCII);
    private static final long[] POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L};

    private final SecretKeySpec key;

    public OneTimeCodes(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("an HMAC key of at least 128 bits is required");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A fresh 128-bit nonce, URL-safe. */
    public static String newNonce(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The code for a nonce and binding: {@code length} decimal digits, zero-padded. */
    public String code(CodeBinding binding, String nonce, int length) {
        byte[] mac = hmac(binding, nonce);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (mac[i] & 0xff);
        }
        // 64 bits reduced mod 10^length: the bias is below 10^-8, far under one guess in the attempt limit.
        long digits = Long.remainderUnsigned(value, POWERS[length]);
        String s = Long.toString(digits);
        return "0".repeat(length - s.length()) + s;
    }

    /** Constant-time check of what a user typed; spaces and dashes people add when copying are ignored. */
    public boolean matches(CodeBinding binding, String nonce, int length, String typed) {
        String expected = code(binding, nonce, length);
        String given = normalize(typed);
        byte[] a = expected.getBytes(StandardCharsets.US_ASCII);
        byte[] b = (given.length() == length ? given : "x".repeat(length)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }

    static String normalize(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "");
    }

    private byte[] hmac(CodeBinding binding, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(DOMAIN);
            mac.update(binding.encode());
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
