package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Picks one top-level field of a JSON secret ({@code #field}); Jackson is Keycloak's, not shipped. */
public final class FieldSelector {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldSelector() {
    }

    /** The only field of a structured secret, for references that name none. */
    public static byte[] only(byte[] secret) throws BackendException {
        JsonNode node = parse(secret, "the secret is not JSON");
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE,
                    "the secret has " + (node == null ? 0 : node.size()) + " keys: name one with #field");
        }
        JsonNode value = node.elements().next();
        return (value.isValueNode() ? value.asText() : value.toString()).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] select(byte[] secret, String field) throws BackendException {
        if (field == null) {
            return secret;
        }
        JsonNode node = parse(secret, "the secret is not JSON, so it has no field " + field);
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new BackendException(BackendException.Kind.NOT_FOUND, "the secret has no field " + field);
        }
        if (!value.isValueNode()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "field " + field + " is not a string or number");
        }
        return value.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] secret, String whyNot) throws BackendException {
        try {
            return JSON.readTree(secret);
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, whyNot);
        }
    }
}
