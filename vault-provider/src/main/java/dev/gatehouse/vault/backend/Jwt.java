package dev.gatehouse.vault.backend;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.gatehouse.vault.BackendException;

/**
 * RS256 assertions for the cloud token endpoints (an Azure client certificate, a Google service-account key) and the
 * PEM they are read from, with the JDK alone: a JWT is two JSON objects and a signature, not worth a library.
 */
final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Jwt() {
    }

    /** {@code header.claims.signature}, SHA256withRSA; {@code alg} and {@code typ} are added to the header. */
    static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) throws BackendException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.putAll(header);
        try {
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(h)) + "." + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(s.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, "cannot sign a token request: " + e.getMessage(), e);
        }
    }

    /** The first {@code PRIVATE KEY} (PKCS#8) block of a PEM text, RSA. */
    static PrivateKey privateKey(String pem, String what) throws BackendException {
        byte[] der = block(pem, "PRIVATE KEY", what);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, what + ": not an RSA PKCS#8 private key");
        }
    }

    /** The first {@code CERTIFICATE} block of a PEM text. */
    static X509Certificate certificate(String pem, String what) throws BackendException {
        byte[] der = block(pem, "CERTIFICATE", what);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, what + ": not an X.509 certificate");
        }
    }

    static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    private static byte[] block(String pem, String type, String what) throws BackendException {
        Matcher m = PEM.matcher(pem == null ? "" : pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    return Base64.getMimeDecoder().decode(m.group(2));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        // Never the text itself: it may be the key.
        throw new BackendException(BackendException.Kind.ACCESS_DENIED, what + " holds no PEM " + type + " block"
                + ("PRIVATE KEY".equals(type) ? " (PKCS#8: openssl pkcs8 -topk8 -nocrypt converts an RSA key)" : ""));
    }
}
