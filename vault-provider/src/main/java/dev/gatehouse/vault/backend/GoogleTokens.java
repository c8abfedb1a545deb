package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.message.BasicNameValuePair;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.BackendException.Kind;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.backend.HttpTransport.Answer;
import dev.gatehouse.vault.backend.TokenCache.Token;

/**
 * OAuth access tokens for Google APIs (scope cloud-platform), from the metadata server (the instance's or the GKE
 * Workload Identity service account) or from a service-account key (a signed JWT exchanged at its
 * {@code token_uri}), kept in a {@link TokenCache}: until shortly before its {@code expires_in} runs out (at most a
 * day); a token the API refused is dropped with {@link #invalidate}.
 */
final class GoogleTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String METADATA_TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";
    /** Renewed this long before expiry (at most half the lifetime), so a token never runs out on its way. */
    private static final Duration EARLY = Duration.ofSeconds(60);
    private static final long ASSERTION_LIFETIME_SECONDS = 3600;
    private static final String KEY_OPTION = "gcp-service-account-key-file";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GoogleSecretManagerBackend.Auth auth;
    private final Path keyFile;
    private final String metadataHost;
    private final HttpTransport metadata;
    private final HttpTransport oauth;
    private final Clock clock;
    private final TokenCache cache;

    GoogleTokens(GoogleSecretManagerBackend.Auth auth, Path keyFile, String metadataHost, HostServices host, Duration timeout, Clock clock) {
        this.auth = auth;
        this.keyFile = keyFile;
        this.metadataHost = metadataHost;
        this.metadata = new HttpTransport("the Google metadata server", host, timeout);
        this.oauth = new HttpTransport("Google's OAuth token endpoint", host, timeout);
        this.clock = clock;
        this.cache = new TokenCache(this::request, clock);
    }

    /** A token valid for a while yet: the cached one, or a fresh one (see {@link TokenCache}). */
    String token() throws BackendException {
        return cache.token();
    }

    /** Drops a token the API answered 401 to, so the next {@link #token} fetches afresh. */
    void invalidate(String rejected) {
        cache.refused(rejected);
    }

    private Token request() throws BackendException {
        long now = clock.millis();
        JsonNode answer = auth == GoogleSecretManagerBackend.Auth.METADATA ? fromMetadataServer() : fromServiceAccountKey();
        JsonNode t = answer.path("access_token");
        // Past a long it is far too long, which Token.of caps at a day.
        long lifetime = JsonNumbers.saturatedLong(answer.path("expires_in"), 0);
        if (!t.isTextual() || t.asText().isEmpty() || lifetime <= 0) {
            throw new BackendException(Kind.BAD_RESPONSE, "Google's token answer has no access_token or expires_in");
        }
        return Token.of(t.asText(), lifetime, now, EARLY);
    }

    private JsonNode fromMetadataServer() throws BackendException {
        HttpGet get = new HttpGet(URI.create("http://" + metadataHost + METADATA_TOKEN_PATH));
        get.setHeader("Metadata-Flavor", "Google");
        Answer r = metadata.send(get);
        // Anything else answering on that name (a captive portal, a proxy's error page) isn't trusted with the call.
        if (!"Google".equals(r.header("Metadata-Flavor"))) {
            throw new BackendException(Kind.BAD_RESPONSE, metadataHost + " is not a Google metadata server (no Metadata-Flavor: Google"
                    + " in its answer, status " + r.status() + ")");
        }
        if (r.status() == 404) {
            throw new BackendException(Kind.ACCESS_DENIED, "the metadata server at " + metadataHost
                    + " has no service account for this instance (404)");
        }
        return tokenAnswer(r, "the metadata server at " + metadataHost);
    }

    private JsonNode fromServiceAccountKey() throws BackendException {
        JsonNode key = readKey();
        String type = key.path("type").asText("service_account");
        if (!"service_account".equals(type)) {
            throw new BackendException(Kind.ACCESS_DENIED, KEY_OPTION + " " + keyFile + " holds a " + type
                    + " credential; only service_account keys are supported");
        }
        String email = text(key, "client_email");
        String kid = text(key, "private_key_id");
        URI tokenUri = tokenUri(key.path("token_uri").asText("https://oauth2.googleapis.com/token"));
        long now = clock.millis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", email);
        claims.put("scope", SCOPE);
        claims.put("aud", tokenUri.toString());
        claims.put("iat", now);
        claims.put("exp", now + ASSERTION_LIFETIME_SECONDS);
        String assertion = Jwt.rs256(Map.of("kid", kid), claims, Jwt.privateKey(text(key, "private_key"), KEY_OPTION + " private_key"));
        HttpPost post = new HttpPost(tokenUri);
        List<NameValuePair> form = List.of(new BasicNameValuePair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                new BasicNameValuePair("assertion", assertion));
        post.setEntity(new UrlEncodedFormEntity(form, java.nio.charset.StandardCharsets.UTF_8));
        return tokenAnswer(oauth.send(post), "the token endpoint " + tokenUri.getScheme() + "://" + tokenUri.getAuthority()
                + " for " + email);
    }

    private JsonNode readKey() throws BackendException {
        if (keyFile == null) {
            throw new BackendException(Kind.ACCESS_DENIED, KEY_OPTION + " is not set");
        }
        String text;
        try {
            text = Files.readString(keyFile);
        } catch (IOException e) {
            throw new BackendException(Kind.ACCESS_DENIED, "cannot read " + KEY_OPTION + " " + keyFile + ": " + e.getClass().getSimpleName());
        }
        try {
            JsonNode key = JSON.readTree(text);
            if (key != null && key.isObject()) {
                return key;
            }
        } catch (IOException e) {
            // Jackson's message quotes the text around the error: that may be the private key.
        }
        throw new BackendException(Kind.ACCESS_DENIED, KEY_OPTION + " " + keyFile + " is not a JSON service-account key");
    }

    private String text(JsonNode key, String field) throws BackendException {
        JsonNode v = key.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new BackendException(Kind.ACCESS_DENIED, KEY_OPTION + " " + keyFile + " has no " + field);
        }
        return v.asText();
    }

    private URI tokenUri(String v) throws BackendException {
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            u = null;
        }
        // The signed assertion goes there: never to a file:, or a URL without a host.
        if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
            throw new BackendException(Kind.ACCESS_DENIED, KEY_OPTION + " " + keyFile + ": token_uri must be an http(s) URL, not " + v);
        }
        return u;
    }

    /** 200 with a token, or the endpoint's error ({"error","error_description"}) as a readable failure. */
    private static JsonNode tokenAnswer(Answer r, String from) throws BackendException {
        int s = r.status();
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        if (s == 200) {
            if (body == null || !body.isObject()) {
                // Never the body itself: it may hold a token.
                throw new BackendException(Kind.BAD_RESPONSE, from + " answered with invalid JSON");
            }
            return body;
        }
        String error = "";
        if (body != null && body.path("error").isTextual()) {
            error = ": " + BackendException.sanitize(body.get("error").asText()) + (body.path("error_description").isTextual()
                    ? " (" + BackendException.sanitize(body.get("error_description").asText()) + ")" : "");
        } else if (body != null && body.path("error").isObject()) {
            error = ": " + BackendException.sanitize(body.path("error").path("status").asText("")) + " "
                    + BackendException.sanitize(body.path("error").path("message").asText(""));
        }
        String message = from + " answered " + s + error;
        if (s == 429) {
            throw new BackendException(Kind.THROTTLED, message + (r.retryAfter() == null ? "" : " (Retry-After: "
                    + BackendException.sanitize(r.retryAfter()) + ")"));
        }
        throw new BackendException(s >= 500 ? Kind.UNAVAILABLE : Kind.ACCESS_DENIED, message);
    }
}
