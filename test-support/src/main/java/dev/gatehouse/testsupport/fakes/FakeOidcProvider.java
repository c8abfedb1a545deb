package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.testsupport.Json;

/**
 * An upstream identity provider on a loopback port, one instance per upstream. It speaks OpenID Connect (discovery,
 * authorization endpoint, token endpoint, JWKS, userinfo) and GitHub's OAuth dialect (the same paths GitHub and
 * GitHub Enterprise use, for Keycloak's {@code github} provider with {@code baseUrl}/{@code apiUrl} pointed here).
 *
 * <p>The authorization endpoint consents at once: it redirects back with a code for the {@linkplain #signInAs user}
 * set now. The token endpoint checks the client (client_secret_post or client_secret_basic) and the code (single
 * use, same redirect URI), and returns an RS256-signed ID token with the nonce echoed and the {@link #amr} /
 * {@link #acr} set now, as an upstream that did (or didn't) ask its own second factor would.
 */
public final class FakeOidcProvider extends FakeHttpServer {

    /** The person the upstream says signed in. */
    public record User(String sub, String email, boolean emailVerified, String name) {
    }

    private record Grant(User user, String clientNonce, String redirectUri, List<String> amr, String acr) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final String clientSecret;
    private final KeyPair keys;
    private final String kid;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, User> accessTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile User user;
    private volatile List<String> amr = List.of();
    private volatile String acr;
    private volatile String lastClientAuth;

    public FakeOidcProvider(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.kid = random(9);
    }

    /** The user the next authorization request signs in. */
    public FakeOidcProvider signInAs(User next) {
        this.user = next;
        return this;
    }

    /** The {@code amr} of the next ID tokens; none: the claim is left out (as Google does). */
    public FakeOidcProvider amr(String... values) {
        this.amr = List.of(values);
        return this;
    }

    /** The {@code acr} of the next ID tokens, or null to leave it out. */
    public FakeOidcProvider acr(String value) {
        this.acr = value;
        return this;
    }

    public String issuer() {
        return uri().toString();
    }

    public String clientId() {
        return clientId;
    }

    /** The secret the token endpoint expects (for the server's vault). */
    public String clientSecret() {
        return clientSecret;
    }

    /** How many code exchanges succeeded. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** How the client authenticated at the last successful exchange: client_secret_post or client_secret_basic. */
    public String lastClientAuth() {
        return lastClientAuth;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/.well-known/openid-configuration" -> send(ex, 200, "application/json", Json.write(discovery()));
            case "/authorize", "/login/oauth/authorize" -> authorize(ex);
            case "/token" -> token(ex, false);
            case "/login/oauth/access_token" -> token(ex, true);
            case "/jwks" -> send(ex, 200, "application/json", Json.write(Map.of("keys", List.of(jwk()))));
            case "/userinfo" -> withUser(ex, u -> Json.write(userInfo(u)));
            case "/user" -> withUser(ex, u -> Json.write(Map.of("id", Math.abs((long) u.sub().hashCode()), "login", u.sub(),
                    "name", u.name(), "email", u.email())));
            case "/user/emails" -> withUser(ex, u -> Json.write(List.of(Map.of("email", u.email(), "primary", true,
                    "verified", u.emailVerified()))));
            default -> send(ex, 404, "application/json", "{\"error\":\"not_found\"}");
        }
    }

    private Map<String, Object> discovery() {
        String base = issuer();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", base);
        d.put("authorization_endpoint", base + "/authorize");
        d.put("token_endpoint", base + "/token");
        d.put("userinfo_endpoint", base + "/userinfo");
        d.put("jwks_uri", base + "/jwks");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        d.put("scopes_supported", List.of("openid", "email", "profile"));
        return d;
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        User current = user;
        if (!clientId.equals(q.get("client_id")) || redirect == null || current == null) {
            send(ex, 400, "text/plain", "unknown client, no redirect_uri, or no user set");
            return;
        }
        String code = random(24);
        codes.put(code, new Grant(current, q.get("nonce"), redirect, amr, acr));
        String back = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (q.containsKey("state") ? "&state=" + enc(q.get("state")) : "");
        ex.getResponseHeaders().set("Location", back);
        ex.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange ex, boolean github) throws IOException {
        Map<String, String> f = form(body(ex));
        String auth = clientAuth(ex, f);
        if (auth == null) {
            send(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (grant == null || !grant.redirectUri().equals(f.get("redirect_uri"))) {
            send(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        String accessToken = random(24);
        accessTokens.put(accessToken, grant.user());
        lastClientAuth = auth;
        tokenRequests.incrementAndGet();
        if (github && !ex.getRequestHeaders().getOrDefault("Accept", List.of()).toString().contains("json")) {
            // GitHub answers form-encoded unless asked for JSON.
            send(ex, 200, "application/x-www-form-urlencoded", "access_token=" + accessToken + "&scope=user%3Aemail&token_type=bearer");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        if (!github) {
            answer.put("scope", "openid email profile");
            answer.put("id_token", idToken(grant));
        }
        send(ex, 200, "application/json", Json.write(answer));
    }

    /** The client's authentication method if its id and secret are right, else null. */
    private String clientAuth(HttpExchange ex, Map<String, String> f) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            boolean ok = colon > 0
                    && clientId.equals(URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8))
                    && clientSecret.equals(URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8));
            return ok ? "client_secret_basic" : null;
        }
        return clientId.equals(f.get("client_id")) && clientSecret.equals(f.get("client_secret")) ? "client_secret_post" : null;
    }

    private String idToken(Grant grant) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>(userInfo(grant.user()));
        claims.put("iss", issuer());
        claims.put("aud", clientId);
        claims.put("iat", now);
        claims.put("auth_time", now);
        claims.put("exp", now + 300);
        if (grant.clientNonce() != null) {
            claims.put("nonce", grant.clientNonce());
        }
        if (!grant.amr().isEmpty()) {
            claims.put("amr", grant.amr());
        }
        if (grant.acr() != null) {
            claims.put("acr", grant.acr());
        }
        String header = b64(Json.write(Map.of("alg", "RS256", "typ", "JWT", "kid", kid)).getBytes(StandardCharsets.UTF_8));
        String payload = b64(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> userInfo(User u) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", u.sub());
        claims.put("email", u.email());
        claims.put("email_verified", u.emailVerified());
        claims.put("name", u.name());
        int space = u.name().indexOf(' ');
        claims.put("given_name", space > 0 ? u.name().substring(0, space) : u.name());
        claims.put("family_name", space > 0 ? u.name().substring(space + 1) : u.name());
        claims.put("preferred_username", u.sub());
        return claims;
    }

    private Map<String, Object> jwk() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", b64(unsigned(pub.getModulus())));
        jwk.put("e", b64(unsigned(pub.getPublicExponent())));
        return jwk;
    }

    private interface Answer {
        String to(User user);
    }

    private void withUser(HttpExchange ex, Answer answer) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        User u = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? accessTokens.get(header.substring(7).trim()) : null;
        if (u == null) {
            send(ex, 401, "application/json", "{\"error\":\"invalid_token\"}");
            return;
        }
        send(ex, 200, "application/json", answer.to(u));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b64(b);
    }

    /** The upstream's authorization endpoint, for a provider config. */
    public URI authorizationEndpoint() {
        return URI.create(issuer() + "/authorize");
    }
}
