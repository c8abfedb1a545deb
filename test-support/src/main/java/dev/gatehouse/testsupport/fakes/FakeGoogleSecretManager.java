package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.testsupport.Json;

/**
 * Google Secret Manager, Google's OAuth token endpoint and the GCE metadata server in one process:
 * <ul>
 * <li>{@code GET /v1/projects/{p}/secrets/{s}/versions/{n|latest}:access} answers {@code {name, payload: {data,
 * dataCrc32c}}}; {@code latest} is the most recently created version, whatever its state, as the API documents it.
 * Disabled and destroyed versions answer 400 FAILED_PRECONDITION, unknown ones 404 NOT_FOUND, secrets marked
 * forbidden 403 PERMISSION_DENIED, all as {@code {"error":{code,message,status}}}. {@code GET /v1/projects/{p}/secrets}
 * lists.</li>
 * <li>Every API call needs {@code Authorization: Bearer} with a token this fake issued and that hasn't expired
 * (401 UNAUTHENTICATED otherwise).</li>
 * <li>{@code POST /token} exchanges a jwt-bearer assertion: RS256 signature against the registered service account's
 * public key and key id, {@code aud} = this endpoint, {@code exp} in the future and at most an hour after {@code iat},
 * scope cloud-platform; errors as {@code {"error","error_description"}}.</li>
 * <li>{@code GET /computeMetadata/v1/instance/service-accounts/default/token} needs {@code Metadata-Flavor: Google}
 * and answers with it.</li>
 * </ul>
 */
public final class FakeGoogleSecretManager extends FakeHttpServer {

    public static final String PROJECT_NUMBER = "123456789012";
    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    public enum State { ENABLED, DISABLED, DESTROYED }

    private static final class Version {
        volatile byte[] data;
        volatile State state = State.ENABLED;

        Version(byte[] data) {
            this.data = data;
        }
    }

    private record ServiceAccount(String keyId, PublicKey key) {
    }

    private static final Pattern ACCESS = Pattern.compile("/v1/projects/([^/]+)/secrets/([^/]+)/versions/([^/:]+):access");
    private static final Pattern LIST = Pattern.compile("/v1/projects/([^/]+)/secrets");

    private final String project;
    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile long tokenLifetimeSeconds = 3600;
    private volatile String throttled;
    private volatile int failStatus;
    private volatile boolean corruptChecksum;
    private volatile boolean listDenied;
    private volatile boolean apiDisabled;
    private volatile boolean impostor;
    private volatile boolean rejectTokens;
    private volatile String lastAssertion;
    private volatile String failMessage;
    private volatile int failTokens;
    private volatile boolean payloadReplaced;
    private volatile String payloadData;

    public FakeGoogleSecretManager(String project) {
        this.project = project;
    }

    /** Adds a version (enabled) and returns its number: 1, 2, … */
    public int put(String secret, String value) {
        List<Version> versions = secrets.computeIfAbsent(secret, k -> new ArrayList<>());
        synchronized (versions) {
            versions.add(new Version(value.getBytes(StandardCharsets.UTF_8)));
            return versions.size();
        }
    }

    /** ENABLED, DISABLED or DESTROYED (which drops the data for good, as the real one does). */
    public void state(String secret, int version, State state) {
        Version v = secrets.get(secret).get(version - 1);
        v.state = state;
        if (state == State.DESTROYED) {
            v.data = null;
        }
    }

    /** The caller lacks secretmanager.versions.access on this secret: 403. */
    public void forbid(String secret) {
        forbidden.add(secret);
    }

    /** Answers every API call with 429 RESOURCE_EXHAUSTED and this Retry-After, until null. */
    public void throttle(String retryAfter) {
        this.throttled = retryAfter;
    }

    /** Answers every API call with this 5xx status (500 INTERNAL, 503 UNAVAILABLE), until 0. */
    public void failWith(int status) {
        this.failStatus = status;
    }

    /** As {@link #failWith(int)}, with this error message (any text). */
    public void failWith(int status, String message) {
        this.failStatus = status;
        this.failMessage = message;
    }

    /** The metadata server and the token endpoint answer every token request with this status; 0 to stop. */
    public void failTokens(int status) {
        this.failTokens = status;
    }

    /**
     * Access answers 200 with this {@code payload.data} (null: no data field, "": empty) and no checksum, as a broken
     * proxy or API change might; {@link #realPayload} to stop.
     */
    public void payloadData(String data) {
        this.payloadData = data;
        this.payloadReplaced = true;
    }

    public void realPayload() {
        this.payloadReplaced = false;
    }

    /** Sends a dataCrc32c that doesn't match the data. */
    public void corruptChecksum(boolean corrupt) {
        this.corruptChecksum = corrupt;
    }

    /** Listing secrets answers 403, as for a principal with the Secret Accessor role only. */
    public void denyList(boolean deny) {
        this.listDenied = deny;
    }

    /** Every API call answers 403 SERVICE_DISABLED, as when the API isn't enabled for the project. */
    public void disableApi(boolean disabled) {
        this.apiDisabled = disabled;
    }

    /** The metadata path answers without Metadata-Flavor: Google, as something else on that host would. */
    public void impostor(boolean impostor) {
        this.impostor = impostor;
    }

    public void tokenLifetime(long seconds) {
        this.tokenLifetimeSeconds = seconds;
    }

    /** Forgets every issued token: the next API calls answer 401. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Answers every API call 401, however fresh the token (a principal deleted or disabled meanwhile). */
    public void rejectTokens(boolean reject) {
        this.rejectTokens = reject;
    }

    public void serviceAccount(String email, String keyId, PublicKey key) {
        accounts.put(email, new ServiceAccount(keyId, key));
    }

    public String tokenUri() {
        return uri() + "/token";
    }

    /** host:port, as gcp-metadata-host and GCE_METADATA_HOST take it. */
    public String metadataHost() {
        return uri().getAuthority();
    }

    /** Tokens issued or refused, by the metadata server and the token endpoint together. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Access calls that reached the secrets (authenticated, not failed by a switch). */
    public int reads() {
        return reads.get();
    }

    /** Every access token issued, for tests that check none leaks into a log line or message. */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    public String lastAssertion() {
        return lastAssertion;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/computeMetadata/v1/instance/service-accounts/default/token")) {
            metadata(ex);
        } else if (path.equals("/token") && "POST".equals(ex.getRequestMethod())) {
            token(ex);
        } else if (path.startsWith("/v1/")) {
            api(ex, path);
        } else {
            send(ex, 404, "text/plain", "no such path");
        }
    }

    private void metadata(HttpExchange ex) throws IOException {
        if (!impostor) {
            ex.getResponseHeaders().set("Metadata-Flavor", "Google");
        }
        if (!"Google".equals(ex.getRequestHeaders().getFirst("Metadata-Flavor"))) {
            send(ex, 403, "text/html", "Missing Metadata-Flavor:Google header.");
            return;
        }
        tokenRequests.incrementAndGet();
        if (failTokens != 0) {
            send(ex, failTokens, "text/plain", "injected by the test");
            return;
        }
        send(ex, 200, "application/json", issue());
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        if (failTokens != 0) {
            oauthError(ex, "internal_failure", "Injected by the test.");
            return;
        }
        Map<String, String> form = form(body(ex));
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            oauthError(ex, "unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type"));
            return;
        }
        String assertion = form.getOrDefault("assertion", "");
        lastAssertion = assertion;
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            oauthError(ex, "invalid_grant", "Invalid JWT: not a JWS.");
            return;
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = Json.parse(decode(parts[0]));
            claims = Json.parse(decode(parts[1]));
        } catch (IllegalStateException e) {
            oauthError(ex, "invalid_grant", "Invalid JWT: not JSON.");
            return;
        }
        ServiceAccount account = accounts.get(claims.path("iss").asText());
        if (account == null) {
            oauthError(ex, "invalid_grant", "Invalid grant: account not found");
            return;
        }
        if (!"RS256".equals(header.path("alg").asText()) || !account.keyId().equals(header.path("kid").asText())
                || !verifies(account.key(), parts)) {
            oauthError(ex, "invalid_grant", "Invalid JWT Signature.");
            return;
        }
        if (!tokenUri().equals(claims.path("aud").asText())) {
            oauthError(ex, "invalid_grant", "Invalid JWT: Failed audience check.");
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        long iat = claims.path("iat").asLong(0);
        long exp = claims.path("exp").asLong(0);
        if (exp <= now || iat > now + 60 || exp - iat > 3600) {
            oauthError(ex, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
                    + " Check your iat and exp values in the JWT claim.");
            return;
        }
        if (!List.of(claims.path("scope").asText().split(" ")).contains(SCOPE)) {
            oauthError(ex, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
            return;
        }
        send(ex, 200, "application/json", issue());
    }

    private String issue() {
        String token = "ya29.fake-" + UUID.randomUUID();
        long lifetime = tokenLifetimeSeconds;
        // Saturated: a test may hand out tokens claiming absurd lifetimes.
        tokens.put(token, System.currentTimeMillis() + Math.min(lifetime, Long.MAX_VALUE / 2000) * 1000);
        issued.add(token);
        return Json.write(Map.of("access_token", token, "expires_in", lifetime, "token_type", "Bearer"));
    }

    private void api(HttpExchange ex, String path) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Long expires = auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
        if (rejectTokens || expires == null || expires < System.currentTimeMillis()) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
            error(ex, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie"
                    + " or other valid authentication credential.");
            return;
        }
        if (apiDisabled) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            String body = "{\"error\":{\"code\":403,\"message\":\"Secret Manager API has not been used in project " + PROJECT_NUMBER
                    + " before or it is disabled.\",\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":"
                    + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"SERVICE_DISABLED\",\"domain\":\"googleapis.com\"}]}}";
            send(ex, 403, "application/json", body);
            return;
        }
        if (failStatus != 0) {
            error(ex, failStatus, failStatus == 503 ? "UNAVAILABLE" : "INTERNAL",
                    failMessage == null ? "Injected by the test." : failMessage);
            return;
        }
        if (throttled != null) {
            ex.getResponseHeaders().set("Retry-After", throttled);
            error(ex, 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Access requests' and limit 'Access requests per minute'"
                    + " of service 'secretmanager.googleapis.com'.");
            return;
        }
        Matcher list = LIST.matcher(path);
        if (list.matches() && "GET".equals(ex.getRequestMethod())) {
            if (listDenied || !ours(list.group(1))) {
                error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.list' denied for resource 'projects/"
                        + list.group(1) + "' (or it may not exist).");
                return;
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            secrets.keySet().stream().sorted().limit(1).forEach(s -> out.putArray("secrets").addObject()
                    .put("name", "projects/" + PROJECT_NUMBER + "/secrets/" + s));
            out.put("totalSize", secrets.size());
            send(ex, 200, "application/json", out.toString());
            return;
        }
        Matcher m = ACCESS.matcher(path);
        if (!m.matches() || !"GET".equals(ex.getRequestMethod())) {
            error(ex, 404, "NOT_FOUND", "Method not found.");
            return;
        }
        String secret = m.group(2);
        String resource = "projects/" + PROJECT_NUMBER + "/secrets/" + secret;
        if (!ours(m.group(1)) || forbidden.contains(secret)) {
            error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied for resource 'projects/" + m.group(1)
                    + "/secrets/" + secret + "/versions/" + m.group(3) + "' (or it may not exist).");
            return;
        }
        reads.incrementAndGet();
        List<Version> versions = secrets.get(secret);
        if (versions == null || versions.isEmpty()) {
            error(ex, 404, "NOT_FOUND", "Secret [" + resource + "] not found or has no versions.");
            return;
        }
        int number;
        Version v;
        synchronized (versions) {
            number = "latest".equals(m.group(3)) ? versions.size() : parse(m.group(3));
            v = number >= 1 && number <= versions.size() ? versions.get(number - 1) : null;
        }
        if (v == null) {
            error(ex, number == 0 ? 400 : 404, number == 0 ? "INVALID_ARGUMENT" : "NOT_FOUND", number == 0
                    ? "Invalid resource field value in the request." : "Secret Version [" + resource + "/versions/" + m.group(3) + "] not found.");
            return;
        }
        if (v.state != State.ENABLED) {
            error(ex, 400, "FAILED_PRECONDITION", "Secret Version [" + resource + "/versions/" + number + "] is in " + v.state + " state.");
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(v.data);
        long checksum = corruptChecksum ? (crc.getValue() + 1) & 0xffffffffL : crc.getValue();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", resource + "/versions/" + number);
        if (payloadReplaced) {
            String data = payloadData;
            ObjectNode payload = out.putObject("payload");
            if (data != null) {
                payload.put("data", data);
            }
            send(ex, 200, "application/json", out.toString());
            return;
        }
        out.putObject("payload").put("data", Base64.getEncoder().encodeToString(v.data)).put("dataCrc32c", Long.toString(checksum));
        send(ex, 200, "application/json", out.toString());
    }

    private boolean ours(String p) {
        return p.equals(project) || p.equals(PROJECT_NUMBER);
    }

    private static int parse(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("error").put("code", status).put("message", message).put("status", code);
        send(ex, status, "application/json; charset=UTF-8", out.toString());
    }

    private static void oauthError(HttpExchange ex, String error, String description) throws IOException {
        send(ex, 400, "application/json; charset=utf-8", Json.write(Map.of("error", error, "error_description", description)));
    }

    private static boolean verifies(PublicKey key, String[] parts) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String part) {
        try {
            return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "{}";
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
