package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.SecretBackend;
import dev.gatehouse.vault.backend.HttpTransport.Answer;

/**
 * HashiCorp Vault over its HTTP API, through the host's HTTP client (Keycloak's {@code HttpClientProvider} in the
 * server, so the admin's proxy, timeouts, pool and truststore apply): KV v2 ({@code GET
 * /v1/<mount>/data/<path>[?version=n]}) or v1 ({@code GET /v1/<mount>/<path>}); token, AppRole or Kubernetes
 * auth; Enterprise namespaces. Once half a login token's lease has passed, the next lookup has it renewed in the
 * background and goes on with the still-valid token. A 403 triggers one fresh login before the request is
 * retried, so expired or revoked tokens heal themselves.
 *
 * <p>A KV secret is a map: without {@code #field} the reference needs a secret with exactly one key.
 *
 * <p>A value's expiry: a KV v2 version's {@code deletion_time} (set when {@code delete_version_after} is
 * configured), or a lease (a non-empty {@code lease_id} with its {@code lease_duration}); the earlier wins. Leases,
 * the login's too, count for at most {@link #MAX_LEASE}.
 */
public final class HashiCorpVaultBackend implements SecretBackend {

    public static final String ID = "hashicorp";

    public enum Auth { TOKEN, APPROLE, KUBERNETES }

    /**
     * Settings; files are read on each login, so rotated credentials are picked up. {@code timeout} null means
     * the host client's own timeouts.
     */
    public record Settings(URI address, String namespace, Auth auth, Path tokenFile, String roleId, Path secretIdFile,
                           String kubernetesRole, Path jwtFile, String authMount, String kvMount, int kvVersion, Duration timeout) {
    }

    /** A login or secret lease is believed up to this: longer (or absurd) ones are checked back on within it. */
    static final Duration MAX_LEASE = Duration.ofDays(366);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HostServices host;
    private final HttpTransport http;
    private final Clock clock;
    private final Object loginLock = new Object();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile String token;
    private volatile long renewAt;
    private volatile boolean renewable;

    public HashiCorpVaultBackend(Settings settings, HostServices host, Clock clock) {
        if (settings.kvVersion() != 1 && settings.kvVersion() != 2) {
            throw new IllegalArgumentException("hashicorp-kv-version must be 1 or 2");
        }
        this.settings = settings;
        this.host = host;
        this.http = new HttpTransport("Vault", host, settings.timeout());
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public FetchedSecret fetch(String name, String version) throws BackendException {
        String path = "/v1/" + settings.kvMount() + (settings.kvVersion() == 2 ? "/data/" : "/") + encodePath(name);
        if (version != null) {
            if (settings.kvVersion() == 1 || !version.matches("[0-9]{1,9}")) {
                throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Vault KV versions are numbers, on KV v2 only: " + version);
            }
            path += "?version=" + version;
        }
        JsonNode body = get(path, name);
        JsonNode data = settings.kvVersion() == 2 ? body.path("data").path("data") : body.path("data");
        if (!data.isObject()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Vault returned no data for " + name);
        }
        Instant expires = earlier(lease(body), settings.kvVersion() == 2 ? deletionTime(body, name) : null);
        return new FetchedSecret(data.toString().getBytes(StandardCharsets.UTF_8), expires, null);
    }

    /**
     * A lease's end, when the answer carries one. KV v1 answers {@code lease_duration} (its {@code ttl}, 32 days by
     * default) with an empty {@code lease_id}: Vault's docs call that a hint of how often to check back, not an
     * expiry (KV enforces no TTL), so it is ignored; our cache-ttl decides when to check back.
     */
    private Instant lease(JsonNode body) {
        long seconds = leaseSeconds(body.path("lease_duration"));
        if (body.path("lease_id").asText("").isEmpty() || seconds <= 0) {
            return null;
        }
        return Instant.ofEpochMilli(clock.millis()).plusSeconds(seconds);
    }

    /** A lease_duration as seconds, at most {@link #MAX_LEASE}; 0 when absent or not positive. */
    private static long leaseSeconds(JsonNode n) {
        return Math.max(0, Math.min(JsonNumbers.saturatedLong(n, 0), MAX_LEASE.toSeconds()));
    }

    /** KV v2: when this version will be deleted ({@code delete_version_after}); empty when never. */
    private static Instant deletionTime(JsonNode body, String name) throws BackendException {
        String t = body.path("data").path("metadata").path("deletion_time").asText("");
        if (t.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // Unknown expiry would risk serving a deleted version: refuse rather than guess.
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Vault returned an unreadable deletion_time for " + name
                    + " (not RFC 3339): " + BackendException.sanitize(t.length() > 40 ? t.substring(0, 40) + "…" : t));
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** KV secrets are maps: the resolver picks the field, or the only key when none is named. */
    @Override
    public boolean structured() {
        return true;
    }

    @Override
    public void check() throws BackendException {
        JsonNode self = get("/v1/auth/token/lookup-self", "token lookup");
        if (!self.path("data").isObject()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "unexpected token lookup answer");
        }
    }

    private JsonNode get(String path, String what) throws BackendException {
        String t = currentToken();
        Answer r = send(withToken(new HttpGet(uri(path)), t));
        if (r.status() == 403) {
            // Expired or revoked: one fresh login (for token auth, the token file read again, as a rotated token
            // lands there), then the request once more.
            synchronized (loginLock) {
                if (t.equals(token)) {
                    token = null;
                }
            }
            r = send(withToken(new HttpGet(uri(path)), currentToken()));
        }
        return answer(r, what);
    }

    private String currentToken() throws BackendException {
        String t;
        boolean renewDue;
        synchronized (loginLock) {
            if (token == null) {
                login();
            }
            t = token;
            renewDue = renewable && clock.millis() >= renewAt && renewing.compareAndSet(false, true);
        }
        if (renewDue) {
            // Half the lease is left: the lookup goes on with the valid token while the renewal runs elsewhere.
            try {
                host.background().execute(() -> renew(t));
            } catch (RuntimeException e) {
                renewing.set(false); // rejected while shutting down; the next lookup tries again
            }
        }
        return t;
    }

    private void login() throws BackendException {
        switch (settings.auth()) {
            case TOKEN -> {
                token = read(settings.tokenFile(), "hashicorp-token-file");
                renewable = false;
            }
            case APPROLE -> loginWith(Map.of("role_id", settings.roleId(), "secret_id", read(settings.secretIdFile(), "hashicorp-secret-id-file")));
            case KUBERNETES -> loginWith(Map.of("role", settings.kubernetesRole(), "jwt", read(settings.jwtFile(), "hashicorp-kubernetes-jwt-file")));
        }
    }

    private void loginWith(Map<String, String> credentials) throws BackendException {
        ObjectNode body = JSON.createObjectNode();
        credentials.forEach(body::put);
        Answer r = send(post("/v1/auth/" + settings.authMount() + "/login", body.toString()));
        takeToken(answer(r, settings.auth().name().toLowerCase(Locale.ROOT) + " login"));
    }

    private void renew(String t) {
        try {
            JsonNode renewed = answer(send(withToken(post("/v1/auth/token/renew-self", "{}"), t)), "token renewal");
            synchronized (loginLock) {
                if (t.equals(token)) {
                    takeToken(renewed);
                }
            }
        } catch (BackendException e) {
            synchronized (loginLock) {
                if (t.equals(token)) {
                    token = null; // the next lookup logs in afresh
                }
            }
        } finally {
            renewing.set(false);
        }
    }

    private void takeToken(JsonNode answer) throws BackendException {
        JsonNode auth = answer.path("auth");
        if (!auth.path("client_token").isTextual()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Vault login returned no client_token");
        }
        token = auth.get("client_token").asText();
        long lease = leaseSeconds(auth.path("lease_duration"));
        renewable = auth.path("renewable").asBoolean(false) && lease > 0;
        renewAt = clock.millis() + lease * 500; // half the lease
    }

    private URI uri(String path) {
        return settings.address().resolve(path);
    }

    private HttpPost post(String path, String json) {
        HttpPost post = new HttpPost(uri(path));
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return post;
    }

    private static HttpRequestBase withToken(HttpRequestBase request, String token) {
        request.setHeader("X-Vault-Token", token);
        return request;
    }

    private Answer send(HttpRequestBase request) throws BackendException {
        if (settings.namespace() != null && !settings.namespace().isBlank()) {
            request.setHeader("X-Vault-Namespace", settings.namespace());
        }
        return http.send(request);
    }

    private static JsonNode answer(Answer r, String what) throws BackendException {
        int s = r.status();
        if (s == 200) {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Vault answered " + what + " with invalid JSON");
            }
        }
        String errors = errors(r.body());
        throw switch (s) {
            case 404 -> new BackendException(BackendException.Kind.NOT_FOUND, "Vault has no " + what);
            case 400, 401, 403 -> new BackendException(BackendException.Kind.ACCESS_DENIED, "Vault refused " + what + " (" + s + errors + ")");
            case 429 -> new BackendException(BackendException.Kind.THROTTLED, "Vault throttled " + what + " (429" + errors + ")");
            case 503 -> new BackendException(BackendException.Kind.UNAVAILABLE, "Vault is sealed or in standby (503" + errors + ")");
            default -> new BackendException(s >= 500 ? BackendException.Kind.UNAVAILABLE : BackendException.Kind.BAD_RESPONSE,
                    "Vault answered " + what + " with " + s + errors);
        };
    }

    private static String errors(String body) {
        try {
            JsonNode e = JSON.readTree(body).path("errors");
            return e.isArray() && !e.isEmpty() ? ": " + BackendException.sanitize(e.toString()) : "";
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    private static String read(Path file, String option) throws BackendException {
        if (file == null) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, option + " is not set");
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, "cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }

    private static String encodePath(String name) {
        StringBuilder b = new StringBuilder();
        for (String segment : name.split("/")) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}
