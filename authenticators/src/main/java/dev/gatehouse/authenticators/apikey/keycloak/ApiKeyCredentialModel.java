package dev.gatehouse.authenticators.apikey.keycloak;

import java.io.IOException;
import java.time.Instant;

import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.gatehouse.authenticators.otp.keycloak.CodeCredentialProvider;

/**
 * An API key as a Keycloak credential: what the consoles list and delete (deleting it revokes the key). No
 * secret in it: the key's hash lives in {@code GATEHOUSE_API_KEY}. The label is {@code <name> (<display prefix>…)}.
 */
public class ApiKeyCredentialModel extends CredentialModel {

    public static final String TYPE = "gatehouse-api-key";

    /** The credential data: the key id (the row in GATEHOUSE_API_KEY), display prefix, expiry (ISO-8601). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String keyId, String displayPrefix, String expires) {
    }

    /** A new credential for the key {@code keyId}. */
    public static ApiKeyCredentialModel create(String keyId, String name, String displayPrefix, Instant created,
            Instant expires) {
        ApiKeyCredentialModel m = new ApiKeyCredentialModel();
        m.setType(TYPE);
        m.setCreatedDate(created.toEpochMilli());
        m.setUserLabel(name + " (" + displayPrefix + "…)");
        try {
            m.setCredentialData(JsonSerialization.writeValueAsString(new Data(keyId, displayPrefix, expires.toString())));
            m.setSecretData("{}");
        } catch (IOException e) {
            throw new IllegalStateException("API key credential data not serializable", e);
        }
        return m;
    }

    public static ApiKeyCredentialModel from(CredentialModel model) {
        return CodeCredentialProvider.copy(model, new ApiKeyCredentialModel());
    }

    /** The stored data, or null when it isn't an API key's. */
    public Data data() {
        try {
            return JsonSerialization.readValue(getCredentialData(), Data.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
