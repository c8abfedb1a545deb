package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
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
 */
public final class FakeVault extends FakeHttpServer {

    private final Map<String, List<Map<String, String>>> kv2 = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> kv1 = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
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
            List<Map<String, String>> versions = kv2.get(path.substring("/v1/secret/data/".length()));
            int wanted = query != null && query.startsWith("version=") ? Integer.parseInt(query.substring(8)) : 0;
            if (versions == null || wanted > versions.size()) {
                send(ex, 404, "application/json", "{\"errors\":[]}");
                return;
            }
            int n = wanted == 0 ? versions.size() : wanted;
            ObjectNode out = Json.MAPPER.createObjectNode();
            ObjectNode data = out.putObject("data");
            ObjectNode inner = data.putObject("data");
            versions.get(n - 1).forEach(inner::put);
            data.putObject("metadata").put("version", n);
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
            ObjectNode out = Json.MAPPER.createObjectNode();
            data.forEach(out.putObject("data")::put);
            send(ex, 200, "application/json", out.toString());
            return;
        }
        send(ex, 404, "application/json", "{\"errors\":[]}");
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
