package dev.gatehouse.authenticators.trust;

import java.time.Instant;

/**
 * A trusted browser as the server keeps it (the glue stores it as the user's credential of type
 * {@code gatehouse-trusted-device}: the hashes in its secret data, the rest in its credential data). Plain Java.
 *
 * @param name         from the user agent: "Chrome on Linux"
 * @param created      when it was trusted
 * @param expires      when the trust ends
 * @param lastUsed     when it last stood in for the second factor (or {@code created})
 * @param userAgentFamily the browser family it is bound to, or null when not bound
 * @param network      the network prefix it is bound to ("203.0.113.0/24"), or null when not bound
 * @param keyId        the id of the realm HMAC key the hashes were made with
 * @param factors      {@link Fingerprint} of the user's password and second factors when trusted
 * @param hash         the keyed hash of the current secret
 * @param previousHash the keyed hash of the secret rotated out last, or null
 */
public record DeviceRecord(String name, Instant created, Instant expires, Instant lastUsed, String userAgentFamily,
                           String network, String keyId, String factors, byte[] hash, byte[] previousHash) {

    /** The record after a use: the new secret's hash is current, the old one previous, last used now. */
    public DeviceRecord rotated(byte[] newHash, Instant now) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
