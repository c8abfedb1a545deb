package dev.gatehouse.audit.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature, header {@code Gatehouse-Signature: t=<unix seconds>,v1=<hex>} where hex is the lowercase
 * HMAC-SHA256, keyed with the destination's secret, of {@code "<t>." + raw body}. Signing the time with the body
 * lets a receiver refuse replays ({@link #TOLERANCE_SECONDS}) as well as forgeries; receivers do exactly what
 * {@link #verify} does (documented in docs/audit-delivery.md).
 */
public final class WebhookSignature {

    public static final String HEADER = "Gatehouse-Signature";
    public static final String ALERT_ID_HEADER = "Gatehouse-Alert-Id";
    public static final String DELIVERY_ID_HEADER = "Gatehouse-Delivery-Id";
    /** A signature older or newer than this (seconds, either way for clock skew) is refused as a replay. */
    public static final long TOLERANCE_SECONDS = 300;

    private static final Pattern FORMAT = Pattern.compile("t=(\\d{1,12}),v1=([0-9a-f]{64})");

    /** Why a delivery was accepted or refused. */
    public enum Verdict {
        VALID, FORGED, STALE, MALFORMED
    }

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    /**
     * The receiver's check: the header's format, then the HMAC compared in constant time (so timing tells an
     * attacker nothing about how many bytes matched), then the time within {@link #TOLERANCE_SECONDS} of now.
     * The time is checked after the HMAC, so an attacker can't probe the clock window with unsigned headers.
     */
    public static Verdict verify(String secret, String header, byte[] body, long nowUnixSeconds) {
        if (header == null) {
            return Verdict.MALFORMED;
        }
        Matcher m = FORMAT.matcher(header.trim());
        if (!m.matches()) {
            return Verdict.MALFORMED;
        }
        long t = Long.parseLong(m.group(1));
        byte[] expected = mac(secret, t, body);
        byte[] given = HexFormat.of().parseHex(m.group(2));
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.FORGED;
        }
        return Math.abs(nowUnixSeconds - t) > TOLERANCE_SECONDS ? Verdict.STALE : Verdict.VALID;
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
