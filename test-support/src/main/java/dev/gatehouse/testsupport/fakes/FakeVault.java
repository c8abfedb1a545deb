package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.testsupport.Json;

/**
 * HashiCorp Vault's HTTP API, in process: KV v2 at {@code /v1/secret/data/<path>[?version=n]} and KV v1 at
 * {@code /v1/kv/<path>}; AppRole ({@code /v1/auth/approle/login}) and Kubernetes ({@code
 * /v1/auth/kubernetes/login}) logins issuing leased tokens; {@code renew-self} and {@code lookup-self}; 404 and
 * 403 bodies as Vault sends them ({"errors":[…]}), and 503 while sealed. An optional namespace is enforced.
 * Reads answer as Vault does: KV v2 with {@code metadata.deletion_time} (empty, or the instant set with
 * {@link #deletionTime}), KV v1 with an empty {@code lease_id} and {@code lease_duration} 2764800 (its default
 * ttl, a refresh hint); a path given a {@link #lease} answers with that {@code lease_id} and {@code lease_duration}.
 */
public final class FakeVault extends FakeHttpServer {

    private final Map<String, List<Map<String, String>>> kv2 = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> kv1 = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> deletionTimes = new ConcurrentHashMap<>();
    private final Map<String, Long> leases = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean sealed;
    private volatile String namespace;
    private volatile String roleId = "role-1";
    private volatile String secretId = "secret-1";
    private volatile String kubernetesJwt = "k8s-jwt";
    private volatile long leaseSeconds = 3600;

    public FakeVault withToken(String token) {
        tokens.put(token, true);
        return this;
    }

    public FakeVault withNamespace(String ns) {
        this.namespace = ns;
        return this;
    }

    public FakeVault withLease(long seconds) {
        this.leaseSeconds = seconds;
        return this;
    }

    public String roleId() {
        return roleId;
    }

    public String secretId() {
        return secretId;
    }

    public String kubernetesJwt() {
        return kubernetesJwt;
    }

    /** Adds a KV v2 version; returns its number (1, 2, …). */
    public int putV2(String path, Map<String, String> data) {
        List<Map<String, String>> versions = kv2.computeIfAbsent(path, k -> new ArrayList<>());
        synchronized (versions) {
            versions.add(Map.copyOf(data));
            return versions.size();
        }
    }

    public void putV1(String path, Map<String, String> data) {
        kv1.put(path, Map.copyOf(data));
    }

    /** KV v2: the version's {@code deletion_time}, as {@code delete_version_after} sets it. */
    public void deletionTime(String path, int version, Instant at) {
        deletionTimes.put(path + "#" + version, at);
    }

    /** Reads of this path (KV v1 or v2) answer with a lease: a {@code lease_id} and this {@code lease_duration}. */
    public void lease(String path, long seconds) {
        leases.put(path, seconds);
    }

    public void seal(boolean sealed) {
        this.sealed = sealed;
    }

    /** Revokes every issued token (as expiry would): the next read with one gets 403. */
    public void revokeAllTokens() {
        tokens.replaceAll((t, v) -> false);
    }

    public int logins() {
        return logins.get();
    }

    public int renewals() {
        return renewals.get();
    }

    public int reads() {
        return reads.get();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (sealed) {
            send(ex, 503, "application/json", "{\"errors\":[\"Vault is sealed\"]}");
            return;
        }
        if (namespace != null && !namespace.equals(ex.getRequestHeaders().getFirst("X-Vault-Namespace"))) {
            denied(ex);
            return;
        }
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery();
        String method = ex.getRequestMethod();
        if (method.equals("POST") && path.equals("/v1/auth/approle/login")) {
            JsonNode b = Json.parse(body(ex));
            login(ex, roleId.equals(b.path("role_id").asText()) && secretId.equals(b.path("secret_id").asText()));
            return;
        }
        if (method.equals("POST") && path.equals("/v1/auth/kubernetes/login")) {
            JsonNode b = Json.parse(body(ex));
            login(ex, "keycloak".equals(b.path("role").asText()) && kubernetesJwt.equals(b.path("jwt").asText()));
            return;
        }
        String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
        if (token == null || !Boolean.TRUE.equals(tokens.get(token))) {
            denied(ex);
            return;
        }
        if (method.equals("POST") && path.equals("/v1/auth/token/renew-self")) {
            renewals.incrementAndGet();
            send(ex, 200, "application/json", auth(token));
            return;
        }
        if (method.equals("GET") && path.equals("/v1/auth/token/lookup-self")) {
            send(ex, 200, "application/json", "{\"data\":{\"id\":\"" + token + "\",\"policies\":[\"keycloak\"]}}");
            return;
        }
        if (method.equals("GET") && path.startsWith("/v1/secret/data/")) {
            reads.incrementAndGet();
            String name = path.substring("/v1/secret/data/".length());
            List<Map<String, String>> versions = kv2.get(name);
            int wanted = query != null && query.startsWith("version=") ? Integer.parseInt(query.substring(8)) : 0;
            if (versions == null || wanted > versions.size()) {
                send(ex, 404, "application/json", "{\"errors\":[]}");
                return;
            }
            int n = wanted == 0 ? versions.size() : wanted;
            ObjectNode out = answer(path, 0);
            ObjectNode data = out.putObject("data");
            ObjectNode inner = data.putObject("data");
            versions.get(n - 1).forEach(inner::put);
            Instant deletion = deletionTimes.get(name + "#" + n);
            data.putObject("metadata").put("created_time", "2026-01-01T00:00:00.000000001Z")
                    .put("deletion_time", deletion == null ? "" : deletion.toString()).put("destroyed", false).put("version", n);
            send(ex, 200, "application/json", out.toString());
            return;
        }
        if (method.equals("GET") && path.startsWith("/v1/kv/")) {
            reads.incrementAndGet();
            Map<String, String> data = kv1.get(path.substring("/v1/kv/".length()));
            if (data == null) {
                send(ex, 404, "application/json", "{\"errors\":[]}");
                return;
            }
            ObjectNode out = answer(path, 2_764_800);
            data.forEach(out.putObject("data")::put);
            send(ex, 200, "application/json", out.toString());
            return;
        }
        send(ex, 404, "application/json", "{\"errors\":[]}");
    }

    /** The envelope of a read: a lease when the path has one, else an empty lease_id and {@code hint} seconds. */
    private ObjectNode answer(String path, long hint) {
        String name = path.substring(path.startsWith("/v1/secret/data/") ? "/v1/secret/data/".length() : "/v1/kv/".length());
        Long lease = leases.get(name);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("request_id", UUID.randomUUID().toString());
        out.put("lease_id", lease == null ? "" : path.substring(4) + "/" + UUID.randomUUID());
        out.put("renewable", lease != null);
        out.put("lease_duration", lease == null ? hint : lease);
        return out;
    }

    private void login(HttpExchange ex, boolean ok) throws IOException {
        if (!ok) {
            send(ex, 400, "application/json", "{\"errors\":[\"invalid role or secret ID\"]}");
            return;
        }
        logins.incrementAndGet();
        String token = "hvs." + UUID.randomUUID();
        tokens.put(token, true);
        send(ex, 200, "application/json", auth(token));
    }

    private String auth(String token) {
        return "{\"auth\":{\"client_token\":\"" + token + "\",\"lease_duration\":" + leaseSeconds + ",\"renewable\":true}}";
    }

    private static void denied(HttpExchange ex) throws IOException {
        send(ex, 403, "application/json", "{\"errors\":[\"permission denied\"]}");
    }
}
