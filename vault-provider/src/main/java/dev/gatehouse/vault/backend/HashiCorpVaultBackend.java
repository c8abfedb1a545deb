package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.SecretBackend;

/**
 * HashiCorp Vault over its HTTP API with the JDK's HTTP client (no client library): KV v2 ({@code GET
 * /v1/<mount>/data/<path>[?version=n]}) or v1 ({@code GET /v1/<mount>/<path>}); token, AppRole or Kubernetes
 * auth; Enterprise namespaces. A login token is renewed once half its lease has passed, and a 403 triggers one
 * fresh login before the request is retried, so expired or revoked tokens heal themselves.
 *
 * <p>A KV secret is a map: without {@code #field} the reference needs a secret with exactly one key.
 */
public final class HashiCorpVaultBackend implements SecretBackend {

    public static final String ID = "hashicorp";

    public enum Auth { TOKEN, APPROLE, KUBERNETES }

    /** Settings; files are read on each login, so rotated credentials are picked up. */
    public record Settings(URI address, String namespace, Auth auth, Path tokenFile, String roleId, Path secretIdFile,
                           String kubernetesRole, Path jwtFile, String authMount, String kvMount, int kvVersion, Duration timeout) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Object loginLock = new Object();
    private volatile String token;
    private volatile long renewAt;
    private volatile boolean renewable;

    public HashiCorpVaultBackend(Settings settings, Clock clock) {
        if (settings.kvVersion() != 1 && settings.kvVersion() != 2) {
            throw new IllegalArgumentException("hashicorp-kv-version must be 1 or 2");
        }
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public byte[] fetch(String name, String version) throws BackendException {
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
        return data.toString().getBytes(StandardCharsets.UTF_8);
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
        HttpResponse<String> r = send(request(path).header("X-Vault-Token", t).GET().build());
        if (r.statusCode() == 403) {
            // Expired or revoked: one fresh login (for token auth, the token file read again, as a rotated token
            // lands there), then the request once more.
            synchronized (loginLock) {
                if (t.equals(token)) {
                    token = null;
                }
            }
            r = send(request(path).header("X-Vault-Token", currentToken()).GET().build());
        }
        return answer(r, what);
    }

    private String currentToken() throws BackendException {
        synchronized (loginLock) {
            if (token != null && renewable && clock.millis() >= renewAt) {
                renew();
            }
            if (token == null) {
                login();
            }
            return token;
        }
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
        HttpResponse<String> r = send(request("/v1/auth/" + settings.authMount() + "/login")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        takeToken(answer(r, settings.auth().name().toLowerCase() + " login"));
    }

    private void renew() {
        try {
            HttpResponse<String> r = send(request("/v1/auth/token/renew-self").header("X-Vault-Token", token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            takeToken(answer(r, "token renewal"));
        } catch (BackendException e) {
            token = null; // log in afresh
        }
    }

    private void takeToken(JsonNode answer) throws BackendException {
        JsonNode auth = answer.path("auth");
        if (!auth.path("client_token").isTextual()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "Vault login returned no client_token");
        }
        token = auth.get("client_token").asText();
        long lease = auth.path("lease_duration").asLong(0);
        renewable = auth.path("renewable").asBoolean(false) && lease > 0;
        renewAt = clock.millis() + lease * 500; // half the lease
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.address().resolve(path)).timeout(settings.timeout());
        if (settings.namespace() != null && !settings.namespace().isBlank()) {
            b.header("X-Vault-Namespace", settings.namespace());
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) throws BackendException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "Vault did not answer within " + settings.timeout(), e);
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "Vault unreachable at " + settings.address() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    private static JsonNode answer(HttpResponse<String> r, String what) throws BackendException {
        int s = r.statusCode();
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
            return e.isArray() && !e.isEmpty() ? ": " + e : "";
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
