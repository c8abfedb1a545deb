package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.client.methods.HttpGet;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.SecretBackend;
import dev.gatehouse.vault.backend.HttpTransport.Answer;

/**
 * Azure Key Vault over its REST API ({@code GET {vault}/secrets/{name}[/{version}]?api-version=7.4}), through the
 * host's HTTP client, with a bearer token from {@link AzureTokens}. Key Vault hands out expired and not-yet-valid
 * secrets (its {@code exp} and {@code nbf} are advisory for reads), so this backend enforces them: such a value is
 * refused, and a valid one carries its {@code exp} as the hard expiry. A 401 means the token was revoked or
 * expired early: one fresh token, one retry.
 */
public final class AzureKeyVaultBackend implements SecretBackend {

    public static final String ID = "azure";

    public enum Auth {
        MANAGED_IDENTITY, CLIENT_SECRET, CLIENT_CERTIFICATE, WORKLOAD_IDENTITY;

        public String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Files are read on each token request, so rotated credentials are picked up. */
    public record Settings(URI vaultUrl, Auth auth, String tenantId, String clientId, Path clientSecretFile,
                           Path clientCertificateFile, Path federatedTokenFile, URI authorityHost, URI imdsEndpoint,
                           Duration timeout) {
    }

    static final String API_VERSION = "7.4";
    /** Key Vault's own limits: 1–127 letters, digits and dashes; versions are 32 hex digits. */
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport http;
    private final AzureTokens tokens;
    private final Clock clock;
    private final String vault;

    public AzureKeyVaultBackend(Settings settings, HostServices host, Clock clock) {
        this.http = new HttpTransport("Azure Key Vault", host, settings.timeout());
        this.tokens = new AzureTokens(settings, host, clock);
        this.clock = clock;
        String url = settings.vaultUrl().toString();
        this.vault = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
        if (name.length() > 127) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Azure Key Vault secret names have at most 127 characters; "
                    + name.substring(0, 40) + "… has " + name.length() + " (shorten the reference or the name-template)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Azure Key Vault secret names are letters, digits and dashes, not " + name);
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Azure Key Vault secret versions are 32 hex digits, not " + version);
        }
        String what = "secret " + name + (version == null ? "" : " version " + version);
        Answer r = get(vault + "/secrets/" + name + (version == null ? "" : "/" + version.toLowerCase(Locale.ROOT)) + "?api-version=" + API_VERSION);
        if (r.status() != 200) {
            throw failure(r, what);
        }
        JsonNode secret;
        try {
            secret = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Azure Key Vault answered " + what + " with invalid JSON");
        }
        JsonNode value = secret.path("value");
        if (!value.isTextual()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Azure Key Vault returned " + what + " without a value");
        }
        JsonNode attributes = secret.path("attributes");
        if (!attributes.path("enabled").asBoolean(true)) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, "Azure Key Vault " + what + " is disabled");
        }
        Instant now = clock.instant();
        Instant notBefore = instant(attributes.path("nbf"));
        if (notBefore != null && now.isBefore(notBefore)) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Azure Key Vault " + what + " is not valid before " + notBefore);
        }
        // An exp already past is returned as it is: the cache refuses it, in one place for every backend, and the
        // lookup is recorded as expired.
        Instant expires = instant(attributes.path("exp"));
        return new FetchedSecret(value.asText().getBytes(StandardCharsets.UTF_8), expires, null);
    }

    /**
     * Lists at most one secret: it proves the vault is reachable and takes our token. A 403 proves that too (the
     * identity may read secrets without listing them, as with an access policy of {@code get} only), unless the
     * vault's firewall sent it: then no read can succeed either.
     */
    @Override
    public void check() throws BackendException {
        Answer r = get(vault + "/secrets?maxresults=1&api-version=" + API_VERSION);
        if (r.status() == 200 || (r.status() == 403 && !"ForbiddenByFirewall".equals(innerCode(r)))) {
            return;
        }
        throw failure(r, "the secrets list (check)");
    }

    private Answer get(String url) throws BackendException {
        String token = tokens.token();
        Answer r = http.send(authorized(url, token));
        if (r.status() == 401) {
            tokens.refused(token);
            r = http.send(authorized(url, tokens.token()));
        }
        return r;
    }

    private static HttpGet authorized(String url, String token) {
        HttpGet get = new HttpGet(url);
        get.setHeader("Authorization", "Bearer " + token);
        get.setHeader("Accept", "application/json");
        return get;
    }

    /** Key Vault's {"error":{"code","message","innererror":{"code"}}}: codes and message, never a request's token. */
    private static BackendException failure(Answer r, String what) {
        JsonNode error = error(r);
        String inner = innerCode(r);
        String code = BackendException.sanitize(error.path("code").asText(""));
        String detail = r.status() + " " + code + (inner.isEmpty() ? "" : "/" + BackendException.sanitize(inner))
                + (error.path("message").isTextual() ? ": " + brief(error.path("message").asText()) : "");
        return switch (r.status()) {
            case 404 -> new BackendException(BackendException.Kind.NOT_FOUND, "Azure Key Vault has no " + what + " (" + detail + ")");
            case 401 -> new BackendException(BackendException.Kind.ACCESS_DENIED, "Azure Key Vault did not accept a fresh token for "
                    + what + " (" + detail + "); is the token for this vault's tenant?");
            case 403 -> new BackendException(BackendException.Kind.ACCESS_DENIED, "Azure Key Vault refused " + what + " (" + detail + ")");
            case 429 -> new BackendException(BackendException.Kind.THROTTLED, "Azure Key Vault throttled " + what + " (" + detail + ")"
                    + (r.retryAfter() == null ? "" : "; retry after " + BackendException.sanitize(r.retryAfter()) + " s"));
            default -> new BackendException(r.status() >= 500 ? BackendException.Kind.UNAVAILABLE : BackendException.Kind.BAD_RESPONSE,
                    "Azure Key Vault answered " + what + " with " + detail);
        };
    }

    private static JsonNode error(Answer r) {
        try {
            return JSON.readTree(r.body().isEmpty() ? "{}" : r.body()).path("error");
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    private static String innerCode(Answer r) {
        JsonNode error = error(r);
        JsonNode inner = error.has("innererror") ? error.path("innererror") : error.path("innerError");
        return inner.path("code").asText("");
    }

    /** Any number Key Vault sends, as an instant within 1970..9999 (past a long: the nearer end). */
    private static Instant instant(JsonNode epochSeconds) {
        if (!epochSeconds.isNumber()) {
            return null;
        }
        return FetchedSecret.ofEpochSecond(JsonNumbers.saturatedLong(epochSeconds, 0));
    }

    /** A remote message for a log line: one line, bounded (Entra descriptions carry trace ids and timestamps). */
    static String brief(String message) {
        return BackendException.sanitize(message.strip());
    }
}
