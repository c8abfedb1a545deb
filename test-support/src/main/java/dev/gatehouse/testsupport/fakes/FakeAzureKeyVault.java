package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.testsupport.Json;

/**
 * Azure Key Vault's secrets REST API, Microsoft Entra ID's v2.0 token endpoint and the instance metadata service's
 * managed-identity endpoint, in process on one port, with the bodies and headers Azure sends:
 * <ul>
 * <li>{@code GET /secrets/{name}[/{version}]?api-version=…} and {@code GET /secrets?maxresults=n}: versions,
 * {@code enabled}/{@code nbf}/{@code exp} attributes (expired and not-yet-valid secrets are served, as Key Vault
 * does); 401 with a {@code WWW-Authenticate} challenge for a missing, unknown, revoked or expired bearer token; 403
 * {@code Forbidden}/{@code SecretDisabled} for a disabled secret, {@code ForbiddenByRbac} for a denied one and
 * {@code ForbiddenByFirewall}; 404 {@code SecretNotFound}; an injected 429 with {@code Retry-After}, 500 or 503.</li>
 * <li>{@code POST /{tenant}/oauth2/v2.0/token} (client credentials): a client secret, an RS256 client assertion
 * verified against the registered certificate (signature, {@code x5t}, {@code aud}, {@code iss}/{@code sub},
 * {@code exp}), or a federated (workload identity) token; errors as {"error","error_description"} with AADSTS
 * codes.</li>
 * <li>{@code GET /metadata/identity/oauth2/token}: only with {@code Metadata: true}; the system-assigned identity, or
 * a user-assigned one by {@code client_id}; numbers as strings, as IMDS sends them.</li>
 * </ul>
 * Access tokens are opaque and live {@link #tokenLifetime} on the fake's (real) clock.
 */
public final class FakeAzureKeyVault extends FakeHttpServer {

    public static final String TENANT = "8f1c2d3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f";
    /** Key Vault's token audience in the public cloud; see {@link #cloud}. */
    public static final String RESOURCE = "https://vault.azure.net";

    /** nbf and exp in epoch seconds as sent, so a test can send any number, including ones no Instant holds. */
    private record Version(String id, String value, boolean enabled, Long notBefore, Long expires, long created) {
    }

    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Map<String, Boolean> forbidden = new ConcurrentHashMap<>();
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, X509Certificate> clientCertificates = new ConcurrentHashMap<>();
    private final Map<String, String> federatedTokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> userAssigned = new ConcurrentHashMap<>();
    private final Map<String, Long> accessTokens = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile String resource = RESOURCE;
    private volatile boolean systemAssigned;
    private volatile boolean firewall;
    private volatile boolean forbidList;
    private volatile boolean rejectTokens;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile int failWith;
    private volatile int retryAfterSeconds;
    private volatile String failMessage;
    private volatile String advertisedField;
    private volatile String advertisedNumber;
    private volatile Map<String, String> lastTokenRequest = Map.of();
    private volatile String lastImdsClientId;

    // --- secrets ---

    /** Adds an enabled version without dates and makes it the latest; returns its version id (32 hex digits). */
    public String put(String name, String value) {
        return put(name, value, true, null, null);
    }

    public String put(String name, String value, boolean enabled, Instant notBefore, Instant expires) {
        return putEpochSeconds(name, value, enabled, notBefore == null ? null : notBefore.getEpochSecond(),
                expires == null ? null : expires.getEpochSecond());
    }

    /** As {@link #put(String, String, boolean, Instant, Instant)}, with nbf and exp as the numbers to send. */
    public String putEpochSeconds(String name, String value, boolean enabled, Long notBefore, Long expires) {
        String id = UUID.randomUUID().toString().replace("-", "");
        secrets.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>())
                .add(new Version(id, value, enabled, notBefore, expires, System.currentTimeMillis() / 1000));
        return id;
    }

    /** Every read of this secret is refused as for an identity without the Key Vault Secrets User role. */
    public void forbid(String name) {
        forbidden.put(name, true);
    }

    /** Listing secrets is refused (403 ForbiddenByRbac), as for an access policy that grants get only. */
    public void forbidList(boolean on) {
        this.forbidList = on;
    }

    /** Key Vault refuses every token (401), as one issued for another tenant or audience. */
    public void rejectTokens(boolean on) {
        this.rejectTokens = on;
    }

    /** The vault's network rules refuse every request (403 ForbiddenByFirewall). */
    public void firewall(boolean on) {
        this.firewall = on;
    }

    /** Answers every Key Vault call with this status (429 with Retry-After, 500, 503); 0 to stop. */
    public void failWith(int status, int retryAfterSeconds) {
        this.failWith = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** As {@link #failWith(int, int)}, with this error message (any text, as a proxy or a new API version may send). */
    public void failWith(int status, int retryAfterSeconds, String message) {
        failWith(status, retryAfterSeconds);
        this.failMessage = message;
    }

    public int reads() {
        return reads.get();
    }

    // --- identities and tokens ---

    public FakeAzureKeyVault withClientSecret(String clientId, String secret) {
        clientSecrets.put(clientId, secret);
        return this;
    }

    public FakeAzureKeyVault withClientCertificate(String clientId, X509Certificate certificate) {
        clientCertificates.put(clientId, certificate);
        return this;
    }

    /** The federated token (a projected service-account token) accepted for this client; a new one replaces it. */
    public FakeAzureKeyVault withFederatedToken(String clientId, String token) {
        federatedTokens.put(clientId, token);
        return this;
    }

    /** A managed identity on the "instance": null for the system-assigned one, else a user-assigned client id. */
    public FakeAzureKeyVault withManagedIdentity(String clientId) {
        if (clientId == null) {
            systemAssigned = true;
        } else {
            userAssigned.put(clientId, true);
        }
        return this;
    }

    /** Plays a sovereign cloud's vault: tokens are issued only for this resource, e.g. https://vault.azure.cn. */
    public FakeAzureKeyVault cloud(String resource) {
        this.resource = resource;
        return this;
    }

    /** Lifetime of tokens issued from now on ({@code expires_in}); they stop working after it. */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /**
     * Issued tokens state their lifetime by this one field ({@code expires_in} or {@code expires_on}) with this
     * number, whatever they really live; a null field for the truth.
     */
    public void advertisedLifetime(String field, String number) {
        this.advertisedField = field;
        this.advertisedNumber = number;
    }

    /** Every access token issued so far is refused from now on. */
    public void revokeAllTokens() {
        accessTokens.clear();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Every access token issued, for tests that check none leaks into a message. */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    /** The form of the last Entra ID token request (client_id, client_assertion, …). */
    public Map<String, String> lastTokenRequest() {
        return lastTokenRequest;
    }

    /** The client_id of the last IMDS token request, null for the system-assigned identity. */
    public String lastImdsClientId() {
        return lastImdsClientId;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = form(ex.getRequestURI().getRawQuery());
        if (path.equals("/metadata/identity/oauth2/token")) {
            imds(ex, query);
        } else if (path.matches("/[^/]+/oauth2/v2\\.0/token")) {
            entra(ex, path.substring(1, path.indexOf('/', 1)));
        } else if (path.equals("/secrets") || path.startsWith("/secrets/")) {
            keyVault(ex, path, query);
        } else {
            send(ex, 404, "application/json", "{\"error\":{\"code\":\"NotFound\",\"message\":\"no such path " + path + "\"}}");
        }
    }

    // --- Key Vault ---

    private void keyVault(HttpExchange ex, String path, Map<String, String> query) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            unauthorized(ex, "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }
        Long expiresAt = accessTokens.get(auth.substring("Bearer ".length()));
        if (expiresAt == null || rejectTokens) {
            unauthorized(ex, "AKV10032: Invalid issuer. Expected one of https://sts.windows.net/" + TENANT + "/, found an unknown token.");
            return;
        }
        if (System.currentTimeMillis() >= expiresAt) {
            unauthorized(ex, "[TokenExpired] Error validating token: 'S2S12086'.");
            return;
        }
        if (!"7.4".equals(query.get("api-version")) && !"7.5".equals(query.get("api-version"))) {
            vaultError(ex, 400, "BadParameter", "The specified version (" + query.get("api-version") + ") is not recognized.", null);
            return;
        }
        int fail = failWith;
        if (fail == 429) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
            vaultError(ex, 429, "Throttled", "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached", null);
            return;
        }
        if (fail >= 500) {
            vaultError(ex, fail, fail == 503 ? "ServiceUnavailable" : "InternalServerError",
                    failMessage == null ? "Injected by the test." : failMessage, null);
            return;
        }
        if (firewall) {
            vaultError(ex, 403, "Forbidden", "Client address is not authorized and caller is not a trusted service.\r\nClient address: 127.0.0.1",
                    "ForbiddenByFirewall");
            return;
        }
        if (path.equals("/secrets")) {
            if (forbidList) {
                vaultError(ex, 403, "Forbidden", "Caller is not authorized to perform action on resource.\r\n"
                        + "Action: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'", "ForbiddenByRbac");
                return;
            }
            list(ex, query);
            return;
        }
        String[] parts = path.substring("/secrets/".length()).split("/");
        reads.incrementAndGet();
        String name = parts[0];
        if (forbidden.containsKey(name)) {
            vaultError(ex, 403, "Forbidden", "Caller is not authorized to perform action on resource.\r\n"
                    + "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nAssignment: (not found)", "ForbiddenByRbac");
            return;
        }
        List<Version> versions = secrets.getOrDefault(name, List.of());
        Version found = null;
        if (parts.length == 1 && !versions.isEmpty()) {
            found = versions.get(versions.size() - 1);
        } else if (parts.length == 2) {
            found = versions.stream().filter(v -> v.id().equals(parts[1])).findFirst().orElse(null);
        }
        if (found == null) {
            vaultError(ex, 404, "SecretNotFound", "A secret with (name/id) " + String.join("/", parts) + " was not found in this key vault. "
                    + "If you recently deleted this secret you may be able to recover it using the correct recovery command.", null);
            return;
        }
        if (!found.enabled()) {
            vaultError(ex, 403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled");
            return;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("value", found.value());
        out.put("id", uri() + "/secrets/" + name + "/" + found.id());
        out.set("attributes", attributes(found));
        out.putObject("tags");
        send(ex, 200, "application/json; charset=utf-8", out.toString());
    }

    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        int max = Integer.parseInt(query.getOrDefault("maxresults", "25"));
        ObjectNode out = Json.MAPPER.createObjectNode();
        var items = out.putArray("value");
        secrets.forEach((name, versions) -> {
            if (items.size() < max && !versions.isEmpty()) {
                ObjectNode item = items.addObject();
                item.put("id", uri() + "/secrets/" + name);
                item.set("attributes", attributes(versions.get(versions.size() - 1)));
            }
        });
        out.putNull("nextLink");
        send(ex, 200, "application/json; charset=utf-8", out.toString());
    }

    private static ObjectNode attributes(Version v) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("enabled", v.enabled());
        if (v.notBefore() != null) {
            a.put("nbf", v.notBefore());
        }
        if (v.expires() != null) {
            a.put("exp", v.expires());
        }
        a.put("created", v.created());
        a.put("updated", v.created());
        a.put("recoveryLevel", "Recoverable+Purgeable");
        a.put("recoverableDays", 90);
        return a;
    }

    private void unauthorized(HttpExchange ex, String message) throws IOException {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer authorization=\"" + uri() + "/" + TENANT + "\", resource=\"" + resource + "\"");
        vaultError(ex, 401, "Unauthorized", message, null);
    }

    private static void vaultError(HttpExchange ex, int status, String code, String message, String inner) throws IOException {
        ObjectNode error = Json.MAPPER.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("code", code);
        e.put("message", message);
        if (inner != null) {
            e.putObject("innererror").put("code", inner);
        }
        send(ex, status, "application/json; charset=utf-8", error.toString());
    }

    // --- Microsoft Entra ID ---

    private void entra(HttpExchange ex, String tenant) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> f = form(body(ex));
        lastTokenRequest = Map.copyOf(f);
        String client = f.get("client_id");
        if (!"POST".equals(ex.getRequestMethod()) || !"client_credentials".equals(f.get("grant_type"))) {
            oauthError(ex, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        } else if (!TENANT.equals(tenant)) {
            oauthError(ex, 400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
        } else if (!(resource + "/.default").equals(f.get("scope"))) {
            oauthError(ex, 400, "invalid_scope", "AADSTS1002012: The provided value for scope " + f.get("scope") + " is not valid.");
        } else if (client == null || !(clientSecrets.containsKey(client) || clientCertificates.containsKey(client) || federatedTokens.containsKey(client))) {
            oauthError(ex, 400, "unauthorized_client", "AADSTS700016: Application with identifier '" + client + "' was not found in the directory.");
        } else if (f.containsKey("client_secret")) {
            if (f.get("client_secret").equals(clientSecrets.get(client))) {
                issue(ex, false);
            } else {
                oauthError(ex, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
            }
        } else if ("urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(f.get("client_assertion_type")) && f.get("client_assertion") != null) {
            String problem = clientCertificates.containsKey(client)
                    ? certificateAssertionProblem(f.get("client_assertion"), client, uri() + ex.getRequestURI().getPath())
                    : f.get("client_assertion").equals(federatedTokens.get(client)) ? null
                    : "AADSTS70021: No matching federated identity record found for presented assertion.";
            if (problem == null) {
                issue(ex, false);
            } else {
                oauthError(ex, 401, "invalid_client", problem);
            }
        } else {
            oauthError(ex, 401, "invalid_client", "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
    }

    /** Null when the assertion is one Entra ID accepts for this client's certificate, else why not. */
    private String certificateAssertionProblem(String jwt, String client, String audience) {
        X509Certificate cert = clientCertificates.get(client);
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "AADSTS50027: JWT token is invalid or malformed.";
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = Json.parse(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
            JsonNode claims = Json.parse(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
            String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
            if (!"RS256".equals(header.path("alg").asText()) || !thumbprint.equals(header.path("x5t").asText())) {
                return "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.";
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(cert.getPublicKey());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(b64.decode(parts[2]))) {
                return "AADSTS700027: Client assertion contains an invalid signature.";
            }
            long now = System.currentTimeMillis() / 1000;
            if (!audience.equals(claims.path("aud").asText())) {
                return "AADSTS700212: No matching federated identity record found for presented assertion audience '" + claims.path("aud").asText() + "'.";
            }
            if (!client.equals(claims.path("iss").asText()) || !client.equals(claims.path("sub").asText()) || claims.path("jti").asText().isEmpty()) {
                return "AADSTS700023: Client assertion issuer and subject must be the client id.";
            }
            if (claims.path("exp").asLong(0) <= now || claims.path("nbf").asLong(0) > now + 300) {
                return "AADSTS700024: Client assertion is not within its valid time range.";
            }
            return null;
        } catch (Exception e) {
            return "AADSTS50027: JWT token is invalid or malformed.";
        }
    }

    private static void oauthError(HttpExchange ex, int status, String error, String description) throws IOException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("error", error);
        out.put("error_description", description + "\r\nTrace ID: " + UUID.randomUUID() + "\r\nTimestamp: " + Instant.now());
        out.putArray("error_codes").add(Integer.parseInt(description.replaceAll("^AADSTS([0-9]+):.*", "$1")));
        send(ex, status, "application/json; charset=utf-8", out.toString());
    }

    // --- instance metadata service ---

    private void imds(HttpExchange ex, Map<String, String> query) throws IOException {
        tokenRequests.incrementAndGet();
        if (!"true".equals(ex.getRequestHeaders().getFirst("Metadata"))) {
            oauthJson(ex, 400, "invalid_request", "Required metadata header not specified");
            return;
        }
        if (query.get("api-version") == null || !resource.equals(query.get("resource"))) {
            oauthJson(ex, 400, "invalid_request", "Required query variable 'api-version' or 'resource' is missing or wrong");
            return;
        }
        String client = query.get("client_id");
        lastImdsClientId = client;
        if (client == null ? !systemAssigned : !userAssigned.containsKey(client)) {
            oauthJson(ex, 400, "invalid_request", "Identity not found");
            return;
        }
        issue(ex, true);
    }

    private static void oauthJson(HttpExchange ex, int status, String error, String description) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.write(Map.of("error", error, "error_description", description)));
    }

    private void issue(HttpExchange ex, boolean imdsStyle) throws IOException {
        String token = "eyJ0eXAiOiJKV1QifQ." + UUID.randomUUID().toString().replace("-", "") + ".fake";
        long lifetime = tokenLifetime.toSeconds();
        accessTokens.put(token, System.currentTimeMillis() + tokenLifetime.toMillis());
        issued.add(token);
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> out = new HashMap<>();
        out.put("access_token", token);
        out.put("token_type", "Bearer");
        String field = advertisedField;
        if (field != null) {
            out.put(field, new BigInteger(advertisedNumber)); // a JSON number of any size
            send(ex, 200, "application/json; charset=utf-8", Json.write(out));
            return;
        }
        if (imdsStyle) {
            out.put("expires_in", String.valueOf(lifetime));
            out.put("expires_on", String.valueOf(now + lifetime));
            out.put("ext_expires_in", String.valueOf(lifetime));
            out.put("not_before", String.valueOf(now));
            out.put("resource", resource);
            out.put("refresh_token", "");
        } else {
            out.put("expires_in", lifetime);
            out.put("ext_expires_in", lifetime);
        }
        send(ex, 200, "application/json; charset=utf-8", Json.write(out));
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            m.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

}
