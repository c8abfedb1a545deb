package dev.gatehouse.authenticators.trust.keycloak;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.keycloak.common.util.Base64Url;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.authenticators.otp.keycloak.CodeCredentialProvider;
import dev.gatehouse.authenticators.trust.DeviceLabel;
import dev.gatehouse.authenticators.trust.DeviceRecord;

/**
 * A trusted browser as a Keycloak credential: {@link DeviceRecord} split into credential data (what the admin
 * console may show: name, dates, bindings, key id, factors fingerprint) and secret data (the keyed hashes, which
 * Keycloak never returns over REST). The label is {@link DeviceLabel}, so the account console shows it.
 */
public class TrustedDeviceCredentialModel extends CredentialModel {

    public static final String TYPE = "gatehouse-trusted-device";

    /** The credential data; instants as ISO-8601 strings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String name, String expires, String lastUsed, String userAgentFamily, String network,
                       String keyId, String factors) {
    }

    /** The secret data; hashes base64url without padding. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Secret(String hash, String previousHash) {
    }

    /** A new credential for {@code record} under a chosen id (the hash binds the id, so it is known before storing). */
    public static TrustedDeviceCredentialModel create(String id, DeviceRecord record) {
        TrustedDeviceCredentialModel m = new TrustedDeviceCredentialModel();
        m.setId(id);
        m.setType(TYPE);
        m.setCreatedDate(record.created().toEpochMilli());
        m.write(record);
        return m;
    }

    public static TrustedDeviceCredentialModel from(CredentialModel model) {
        return CodeCredentialProvider.copy(model, new TrustedDeviceCredentialModel());
    }

    /** Replaces label, credential data and secret data with {@code record}'s. */
    public void write(DeviceRecord record) {
        setUserLabel(DeviceLabel.of(record.name(), record.lastUsed(), record.expires()));
        try {
            setCredentialData(JsonSerialization.writeValueAsString(new Data(record.name(), record.expires().toString(),
                    record.lastUsed().toString(), record.userAgentFamily(), record.network(), record.keyId(),
                    record.factors())));
            setSecretData(JsonSerialization.writeValueAsString(new Secret(b64(record.hash()), b64(record.previousHash()))));
        } catch (IOException e) {
            throw new IllegalStateException("trusted device data not serializable", e);
        }
    }

    /**
     * The record this credential holds.
     *
     * @throws IllegalArgumentException when the stored data is not a trusted device's (edited by hand, truncated)
     */
    public DeviceRecord record() {
        try {
            Data d = JsonSerialization.readValue(getCredentialData(), Data.class);
            Secret s = JsonSerialization.readValue(getSecretData(), Secret.class);
            if (d == null || s == null || d.expires() == null || s.hash() == null || getCreatedDate() == null) {
                throw new IllegalArgumentException("incomplete trusted device data");
            }
            Instant created = Instant.ofEpochMilli(getCreatedDate());
            return new DeviceRecord(d.name(), created, Instant.parse(d.expires()),
                    d.lastUsed() == null ? created : Instant.parse(d.lastUsed()), d.userAgentFamily(), d.network(),
                    d.keyId(), d.factors(), unb64(s.hash()), s.previousHash() == null ? null : unb64(s.previousHash()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable trusted device data", e);
        }
    }

    private static String b64(byte[] bytes) {
        return bytes == null ? null : Base64Url.encode(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64Url.decode(text);
    }
}
