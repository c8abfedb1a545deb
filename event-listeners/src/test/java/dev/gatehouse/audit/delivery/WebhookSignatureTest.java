package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.delivery.WebhookSignature.Verdict;

class WebhookSignatureTest {

    static final String SECRET = "0123456789abcdef-secret";
    static final byte[] BODY = "{\"id\":\"a1\",\"severity\":\"CRITICAL\"}".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_800_000_000L;

    @Test
    void matchesAnIndependentHmacOfTimeDotBody() throws Exception {
        // The documented recipe, computed here with the JDK directly (as a receiver in another language would).
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signed = ("1800000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        String hex = java.util.HexFormat.of().formatHex(mac.doFinal(signed));
        assertEquals("t=1800000000,v1=" + hex, WebhookSignature.header(SECRET, NOW, BODY));
    }

    @Test
    void freshSignatureIsValid() {
        assertEquals(Verdict.VALID, WebhookSignature.verify(SECRET, WebhookSignature.header(SECRET, NOW, BODY), BODY, NOW + 299));
        assertEquals(Verdict.VALID, WebhookSignature.verify(SECRET, WebhookSignature.header(SECRET, NOW, BODY), BODY, NOW - 300));
    }

    @Test
    void changedBodyIsForged() {
        String header = WebhookSignature.header(SECRET, NOW, BODY);
        byte[] changed = "{\"id\":\"a1\",\"severity\":\"INFO\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.FORGED, WebhookSignature.verify(SECRET, header, changed, NOW));
    }

    @Test
    void otherSecretIsForged() {
        String header = WebhookSignature.header("another-secret-of-16+", NOW, BODY);
        assertEquals(Verdict.FORGED, WebhookSignature.verify(SECRET, header, BODY, NOW));
    }

    @Test
    void movedTimestampIsForged() {
        // An attacker re-stamps a captured delivery with a fresh time: the HMAC covers t, so it no longer matches.
        String captured = WebhookSignature.header(SECRET, NOW - 3600, BODY);
        String restamped = captured.replace("t=" + (NOW - 3600), "t=" + NOW);
        assertEquals(Verdict.FORGED, WebhookSignature.verify(SECRET, restamped, BODY, NOW));
    }

    @Test
    void replayAfterToleranceIsStale() {
        String header = WebhookSignature.header(SECRET, NOW, BODY);
        assertEquals(Verdict.STALE, WebhookSignature.verify(SECRET, header, BODY, NOW + 301));
        assertEquals(Verdict.STALE, WebhookSignature.verify(SECRET, header, BODY, NOW - 301), "from the future too");
    }

    @Test
    void malformedHeadersAreRefused() {
        String good = WebhookSignature.header(SECRET, NOW, BODY);
        for (String bad : new String[] {null, "", "v1=" + good.substring(good.indexOf("v1=") + 3), "t=abc,v1=00",
                good.toUpperCase(java.util.Locale.ROOT), good + ",v0=xyz", good.replace("v1=", "v2="), "t=1,v1=" + "0".repeat(63)}) {
            assertEquals(Verdict.MALFORMED, WebhookSignature.verify(SECRET, bad, BODY, NOW), String.valueOf(bad));
        }
    }

    @Test
    void emptySecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.header("", NOW, BODY));
    }

    @Test
    void theAlertIdHeaderMustBeTheSignedBodyId() {
        byte[] body = "{\"id\":\"alert-1\",\"severity\":\"CRITICAL\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String header = WebhookSignature.header(SECRET, NOW, body);
        assertEquals(Verdict.VALID, WebhookSignature.verify(SECRET, header, "alert-1", body, NOW));
        assertEquals("alert-1", WebhookSignature.signedAlertId(body));
        // A captured delivery replayed within the window under a fresh id passes the HMAC but not this check.
        assertEquals(Verdict.ID_MISMATCH, WebhookSignature.verify(SECRET, header, "alert-2", body, NOW));
        assertEquals(Verdict.ID_MISMATCH, WebhookSignature.verify(SECRET, header, null, body, NOW));
        assertEquals(Verdict.FORGED, WebhookSignature.verify("another-secret-value", header, "alert-2", body, NOW), "a wrong key is FORGED first");
    }
}
