package dev.gatehouse.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bench client's authenticator app: RFC 6238 time-based codes (HmacSHA1, 6 digits, 30-second steps), the
 * parameters of Keycloak's default realm OTP policy. The secret is the one the bench gave the user's credential;
 * Keycloak's OTPCredentialModel uses its UTF-8 bytes as the key when no secret encoding is set.
 */
final class Totp {

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;

    private Totp() {
    }

    /** The time step of this instant (Unix seconds / 30). */
    static long step(long epochMillis) {
        return epochMillis / 1000 / PERIOD_SECONDS;
    }

    /** RFC 4226 HOTP of the step's counter with dynamic truncation, zero-padded to 6 digits. */
    static String code(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
                    | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
