package dev.gatehouse.authenticators.trust;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trusted browser as the server keeps it (the glue stores it as the user's credential of type
 * {@code gatehouse-trusted-device}: the hashes in its secret data, the rest in its credential data). Plain Java.
 * The hash arrays are copied in and out, and never shown by {@link #toString()}.
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

    public DeviceRecord {
        hash = hash == null ? null : hash.clone();
        previousHash = previousHash == null ? null : previousHash.clone();
    }

    @Override
    public byte[] hash() {
        return hash == null ? null : hash.clone();
    }

    @Override
    public byte[] previousHash() {
        return previousHash == null ? null : previousHash.clone();
    }

    /**
     * The record after a use: the new secret's hash is current, the old one previous, last used now. Everything
     * else stays, the expiry included: using a trust does not extend it.
     */
    public DeviceRecord rotated(byte[] newHash, Instant now) {
        return new DeviceRecord(name, created, expires, now, userAgentFamily, network, keyId, factors, newHash, hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceRecord d && Objects.equals(name, d.name) && Objects.equals(created, d.created)
                && Objects.equals(expires, d.expires) && Objects.equals(lastUsed, d.lastUsed)
                && Objects.equals(userAgentFamily, d.userAgentFamily) && Objects.equals(network, d.network)
                && Objects.equals(keyId, d.keyId) && Objects.equals(factors, d.factors)
                && Arrays.equals(hash, d.hash) && Arrays.equals(previousHash, d.previousHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, created, expires, lastUsed, userAgentFamily, network, keyId, factors,
                Arrays.hashCode(hash), Arrays.hashCode(previousHash));
    }

    /** Never shows the hashes, only whether they are set. */
    @Override
    public String toString() {
        return "DeviceRecord[name=" + name + ", created=" + created + ", expires=" + expires + ", lastUsed=" + lastUsed
                + ", userAgentFamily=" + userAgentFamily + ", network=" + network + ", keyId=" + keyId
                + ", hash=" + (hash == null ? "(unset)" : "(set)")
                + ", previousHash=" + (previousHash == null ? "(unset)" : "(set)") + "]";
    }
}
