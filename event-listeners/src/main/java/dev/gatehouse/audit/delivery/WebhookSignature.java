package dev.gatehouse.audit.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

/**
 * The webhook signature, header {@code Gatehouse-Signature: t=<unix seconds>,v1=<hex>} where hex is the lowercase
 * HMAC-SHA256, keyed with the destination's secret, of {@code "<t>." + raw body}. Signing the time with the body
 * lets a receiver refuse replays ({@link #TOLERANCE_SECONDS}) as well as forgeries; receivers do exactly what
 * {@link #verify(String, String, String, byte[], long)} does (documented in docs/audit-delivery.md) and de-duplicate
 * on the signed body's {@code id}.
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
        VALID, FORGED, STALE, MALFORMED,
        /** Signed and fresh, but the Gatehouse-Alert-Id header is not the signed body's {@code id} (a replay under a new id). */
        ID_MISMATCH
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

    /**
     * The full receiver's check: {@link #verify(String, String, byte[], long)}, then the Gatehouse-Alert-Id header
     * must equal the signed body's {@code id}. The headers are not signed, so receivers de-duplicate on the body's
     * {@code id} ({@link #signedAlertId}) and refuse a request whose header differs from it.
     */
    public static Verdict verify(String secret, String header, String alertIdHeader, byte[] body, long nowUnixSeconds) {
        Verdict v = verify(secret, header, body, nowUnixSeconds);
        if (v != Verdict.VALID) {
            return v;
        }
        String signed = signedAlertId(body);
        return signed != null && signed.equals(alertIdHeader) ? Verdict.VALID : Verdict.ID_MISMATCH;
    }

    /** The body's {@code id}: what receivers de-duplicate on (only after the signature checked out); null if absent. */
    public static String signedAlertId(byte[] body) {
        try {
            JsonNode id = JsonSerialization.mapper.readTree(body).get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
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
