package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.client.methods.HttpGet;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.BackendException.Kind;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.SecretBackend;
import dev.gatehouse.vault.backend.HttpTransport.Answer;

/**
 * Google Secret Manager over its REST API ({@code GET {endpoint}/v1/projects/{p}/secrets/{s}/versions/{v}:access}),
 * through the host's HTTP client (Keycloak's {@code HttpClientProvider} in the server, so the admin's proxy, timeouts
 * and truststore apply), with an OAuth token from {@link GoogleTokens}. A 401 drops the token and the call is made
 * once more with a fresh one. The payload's CRC32C is checked when the answer carries one; an answer without payload
 * data is refused, never taken for an empty secret. Secret Manager reports no expiry on access, so the value carries
 * none.
 */
public final class GoogleSecretManagerBackend implements SecretBackend {

    public static final String ID = "gcp";

    public enum Auth {
        METADATA, SERVICE_ACCOUNT_KEY;

        public String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The key file is read on each token request. */
    public record Settings(String project, Auth auth, Path serviceAccountKeyFile, URI endpoint, String metadataHost,
                           Duration timeout) {
    }

    /** Secret ids: at most 255 letters, digits, '_' and '-' (the flat names never hold '_', but the API allows it). */
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_SECRET_ID = 255;
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}|latest");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HttpTransport http;
    private final GoogleTokens tokens;
    private final String base;

    public GoogleSecretManagerBackend(Settings settings, HostServices host, Clock clock) {
        this.settings = settings;
        this.http = new HttpTransport("Google Secret Manager", host, settings.timeout());
        this.tokens = new GoogleTokens(settings.auth(), settings.serviceAccountKeyFile(), settings.metadataHost(), host,
                settings.timeout(), clock);
        String endpoint = settings.endpoint().toString();
        this.base = (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + "/v1/projects/" + settings.project();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Naming naming() {
        return Naming.FLAT;
    }

    @Override
    public FetchedSecret fetch(String name, String version) throws BackendException {
        if (name.length() > MAX_SECRET_ID) {
            throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager secret ids have at most " + MAX_SECRET_ID
                    + " characters; " + name.substring(0, 40) + "… has " + name.length() + " (shorten the name or name-template)");
        }
        if (!SECRET_ID.matcher(name).matches()) {
            throw new BackendException(Kind.BAD_RESPONSE, "not a Google Secret Manager secret id (letters, digits, _ and -): " + name);
        }
        String v = version == null ? "latest" : version;
        if (!VERSION.matcher(v).matches()) {
            throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager versions are positive numbers or latest, not " + version);
        }
        String what = "secret " + name + " version " + v;
        Answer r = authorizedGet(URI.create(base + "/secrets/" + name + "/versions/" + v + ":access"));
        if (r.status() != 200) {
            throw failure(r, what);
        }
        return FetchedSecret.of(payload(r.body(), what));
    }

    /**
     * A token, then one cheap authenticated call: listing one secret. The Secret Accessor role alone may not list, so
     * a 403 there still proves the token; unless the API itself is off for the project.
     */
    @Override
    public void check() throws BackendException {
        Answer r = authorizedGet(URI.create(base + "/secrets?pageSize=1"));
        if (r.status() == 200 || (r.status() == 403 && !serviceDisabled(r.body()))) {
            return;
        }
        throw failure(r, "project " + settings.project());
    }

    private Answer authorizedGet(URI uri) throws BackendException {
        String token = tokens.token();
        Answer r = http.send(bearer(uri, token));
        if (r.status() == 401) {
            // Revoked or expired early: one fresh token, one more try.
            tokens.invalidate(token);
            r = http.send(bearer(uri, tokens.token()));
        }
        return r;
    }

    private static HttpGet bearer(URI uri, String token) {
        HttpGet get = new HttpGet(uri);
        get.setHeader("Authorization", "Bearer " + token);
        get.setHeader("Accept", "application/json");
        return get;
    }

    /** The decoded payload, its CRC32C checked when present; the answer's text is never quoted (it holds the value). */
    private static byte[] payload(String body, String what) throws BackendException {
        JsonNode payload;
        try {
            payload = JSON.readTree(body).path("payload");
        } catch (IOException e) {
            throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager answered " + what + " with invalid JSON");
        }
        JsonNode data = payload.path("data");
        if (data.isMissingNode() || data.isNull() || (data.isTextual() && data.asText().isEmpty())) {
            // Not an empty secret: a broken answer (a proxy, an API change) must not become an empty password.
            throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager answered " + what + " without payload data");
        }
        byte[] value;
        try {
            // proto3 JSON bytes: standard base64 as sent, URL-safe accepted.
            String text = data.textValue();
            if (text == null) {
                throw new IllegalArgumentException();
            }
            value = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager answered " + what + " with a payload that is not base64");
        }
        JsonNode crc = payload.path("dataCrc32c");
        if (!crc.isMissingNode() && !crc.isNull()) {
            long expected;
            try {
                // An int64, which proto3 JSON writes as a decimal string.
                expected = Long.parseLong(crc.asText());
            } catch (NumberFormatException e) {
                Arrays.fill(value, (byte) 0);
                throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager answered " + what + " with a malformed dataCrc32c");
            }
            CRC32C c = new CRC32C();
            c.update(value);
            if (c.getValue() != expected) {
                Arrays.fill(value, (byte) 0);
                throw new BackendException(Kind.BAD_RESPONSE, "Google Secret Manager answered " + what + ": payload checksum mismatch (CRC32C)");
            }
        }
        return value;
    }

    /** The API's error ({"error":{"code","message","status"}}) as a failure of the right kind. */
    private static BackendException failure(Answer r, String what) {
        int s = r.status();
        JsonNode error = error(r.body());
        String status = BackendException.sanitize(error.path("status").asText(""));
        String detail = " (" + s + (status.isEmpty() ? "" : " " + status)
                + (error.path("message").isTextual() ? ": " + BackendException.sanitize(error.get("message").asText()) : "") + ")";
        if (s == 400 && "FAILED_PRECONDITION".equals(status)) {
            // A disabled or destroyed version: an operator's decision, not an outage.
            return new BackendException(Kind.ACCESS_DENIED, "Google Secret Manager refused " + what + ": the version is not enabled" + detail);
        }
        return switch (s) {
            case 404 -> new BackendException(Kind.NOT_FOUND, "Google Secret Manager has no " + what + detail);
            case 401, 403 -> new BackendException(Kind.ACCESS_DENIED, "Google Secret Manager refused " + what + detail
                    + (serviceDisabled(r.body()) ? "; enable the Secret Manager API for the project" : ""));
            case 429 -> new BackendException(Kind.THROTTLED, "Google Secret Manager throttled " + what + detail
                    + (r.retryAfter() == null ? "" : " Retry-After: " + BackendException.sanitize(r.retryAfter())));
            default -> new BackendException(s >= 500 ? Kind.UNAVAILABLE : Kind.BAD_RESPONSE,
                    "Google Secret Manager answered " + what + " with" + detail);
        };
    }

    private static JsonNode error(String body) {
        try {
            JsonNode e = JSON.readTree(body);
            return e == null ? JSON.missingNode() : e.path("error");
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** A 403 because the Secret Manager API is off for the project (ErrorInfo reason SERVICE_DISABLED). */
    private static boolean serviceDisabled(String body) {
        for (JsonNode d : error(body).path("details")) {
            if ("SERVICE_DISABLED".equals(d.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }
}
