package dev.gatehouse.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A minimal browser for OIDC authorization code + PKCE (S256) against Keycloak's login pages:
 * keeps cookies (so SSO sessions carry over, also between nodes on one host), fills the username/password
 * form, and exchanges the code at the token endpoint as a public client would.
 */
public final class OidcBrowser {

    public static final String REDIRECT_URI = "http://localhost:65535/callback";
    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The form of the factor choice page (required action gatehouse-mfa-enrol); no browser passes it by itself. */
    public static final String MFA_FORM = "gatehouse-mfa-form";
    private static final Pattern FACTOR = Pattern.compile("name=\"factor\"[^>]*value=\"([a-z]+)\"");

    /** The form of the "Trust this browser" page (step gatehouse-trust-device). */
    public static final String TRUST_FORM = "gatehouse-trust-form";

    private final HttpClient http;
    private final LoopbackCookieHandler cookies;
    private final String clientId;
    private final String userAgent;
    private final boolean declineTrust;

    public OidcBrowser(String clientId) {
        this(clientId, new LoopbackCookieHandler(), null);
    }

    /**
     * A browser whose connections come from this loopback address (any 127.x.y.z on Linux), so that the server's
     * per-IP budgets see it as a client of its own.
     */
    public OidcBrowser(String clientId, java.net.InetAddress localAddress) {
        this(clientId, new LoopbackCookieHandler(), localAddress);
    }

    private OidcBrowser(String clientId, LoopbackCookieHandler cookies, java.net.InetAddress localAddress) {
        this(clientId, cookies, null, true, client(cookies, localAddress));
    }

    private OidcBrowser(String clientId, LoopbackCookieHandler cookies, String userAgent, boolean declineTrust, HttpClient http) {
        this.clientId = clientId;
        this.cookies = cookies;
        this.userAgent = userAgent;
        this.http = http;
        this.declineTrust = declineTrust;
    }

    private static HttpClient client(LoopbackCookieHandler cookies, java.net.InetAddress localAddress) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        if (localAddress != null) {
            b.localAddress(localAddress);
        }
        return b.build();
    }

    /** The same browser (same cookies, so the same SSO session) signing in to another client. */
    public OidcBrowser asClient(String otherClientId) {
        return new OidcBrowser(otherClientId, cookies, userAgent, declineTrust, http);
    }

    /** The same browser (same cookies and connections) sending this User-Agent header on every request. */
    public OidcBrowser withUserAgent(String header) {
        return new OidcBrowser(clientId, cookies, header, declineTrust, http);
    }

    /** The value of the cookie with this name in the jar (any path), or null. */
    public String cookie(String name) {
        return cookies.store().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The names of the cookies in the jar that start with {@code prefix}. */
    public java.util.List<String> cookieNames(String prefix) {
        return cookies.store().getCookies().stream().map(java.net.HttpCookie::getName)
                .filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    /** Puts a cookie into the jar as if {@code url} (whose path the cookie's path must prefix) had set it. */
    public void setCookie(String url, String name, String value, String path) {
        try {
            cookies.put(URI.create(url), Map.of("Set-Cookie", java.util.List.of(name + "=" + value + "; Path=" + path)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same browser, but stopping at the "Trust this browser" page. By default a browser answers that page
     * itself without ticking the box, so a test of something else passes it like a user who ignores it.
     */
    public OidcBrowser showingTrustPage() {
        return new OidcBrowser(clientId, cookies, userAgent, false, http);
    }

    /** Answers the "Trust this browser" page: with {@code trust} the box is ticked. */
    public Page answerTrust(Page page, boolean trust) {
        Map<String, String> form = new LinkedHashMap<>();
        if (trust) {
            form.put("trust-device", "on");
        }
        form.put("continue", "true");
        return new Page(post(page.formAction(TRUST_FORM), form));
    }

    private Page passTrustPage(Page page) {
        return declineTrust && page.status() == 200 && page.hasForm(TRUST_FORM) ? answerTrust(page, false) : page;
    }

    /** Chooses a factor on the factor choice page; the answer is its setup page (follow redirects within the server). */
    public Page chooseFactor(Page page, String factor) {
        return follow(new Page(post(page.formAction(MFA_FORM), Map.of("factor", factor, "choose", "true"))));
    }

    /** "Set up later" on the factor choice page. */
    public Page postpone(Page page) {
        return follow(new Page(post(page.formAction(MFA_FORM), Map.of("later", "true"))));
    }

    /** Full sign-in: authorization request, login form, code exchange. */
    public Tokens signIn(String baseUrl, String realm, String username, String password) {
        Authorization auth = authorize(baseUrl, realm);
        if (auth.code() != null) {
            throw new IllegalStateException("expected a login form, but an SSO session answered directly");
        }
        HttpResponse<String> posted = post(auth.formAction(), Map.of("username", username, "password", password, "credentialId", ""));
        String code = codeFrom(posted, auth.state());
        return exchange(baseUrl, realm, code, auth.verifier());
    }

    /** An authorization request answered by an existing SSO session (no form): fails if a form is shown. */
    public Tokens signInWithSession(String baseUrl, String realm) {
        Authorization auth = authorize(baseUrl, realm);
        if (auth.code() == null) {
            throw new IllegalStateException("no SSO session: the server showed a login page");
        }
        return exchange(baseUrl, realm, auth.code(), auth.verifier());
    }

    /** Starts an authorization request; returns the login form's action, or a code if SSO answered. */
    public Authorization authorize(String baseUrl, String realm) {
        return authorize(baseUrl, realm, null);
    }

    /**
     * @param extraQuery more request parameters, e.g. {@code kc_action=...} for an application-initiated action, or
     *                   {@code scope=openid%20offline_access} in place of the default {@code scope=openid}
     */
    public Authorization authorize(String baseUrl, String realm, String extraQuery) {
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        boolean ownScope = extraQuery != null && ("&" + extraQuery).contains("&scope=");
        String url = oidc(baseUrl, realm) + "/auth?response_type=code" + (ownScope ? "" : "&scope=openid")
                + "&client_id=" + AdminApi.enc(clientId)
                + "&redirect_uri=" + AdminApi.enc(REDIRECT_URI)
                + "&state=" + state + "&nonce=" + randomUrlSafe(16)
                + "&code_challenge_method=S256&code_challenge=" + s256(verifier)
                + (extraQuery == null ? "" : "&" + extraQuery);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        // Keycloak may redirect within itself first, e.g. to a required action the request asked for, or through an
        // identity provider that answers at once (the in-process fakes) and the broker flows after it.
        for (int hops = 0; (r.statusCode() == 302 || r.statusCode() == 303) && hops < 15; hops++) {
            String location = r.headers().firstValue("Location").orElse("");
            if (location.startsWith(REDIRECT_URI)) {
                return new Authorization(null, codeFrom(r, state), state, verifier, null);
            }
            r = send(HttpRequest.newBuilder(URI.create(baseUrl).resolve(location)).GET());
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("authorization request -> " + r.statusCode() + "\n" + Json.abbreviate(r.body()));
        }
        return new Authorization(formActionOrNull(r.body()), null, state, verifier, r.body());
    }

    public Tokens exchange(String baseUrl, String realm, String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        form.put("client_id", clientId);
        form.put("code_verifier", verifier);
        HttpResponse<String> r = post(oidc(baseUrl, realm) + "/token", form);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request -> " + r.statusCode() + " " + r.body());
        }
        return new Tokens(Json.parse(r.body()));
    }

    /** Completes a sign-in from the response that redirects to the client: checks state, exchanges the code. */
    public Tokens complete(String baseUrl, String realm, Authorization auth, Page redirect) {
        return exchange(baseUrl, realm, codeFrom(redirect.response(), auth.state()), auth.verifier());
    }

    /** Submits a form of the current page, e.g. {@code page.formAction("kc-form-login")}. */
    public Page submit(String action, Map<String, String> form) {
        return passTrustPage(new Page(post(action, form)));
    }

    /** Follows redirects within the servers (e.g. from an upstream identity provider back to the broker), stopping at the client. */
    public Page follow(Page page) {
        Page p = page;
        for (int hops = 0; hops < 10 && (p.status() == 302 || p.status() == 303) && !p.redirectsToClient(); hops++) {
            String location = p.response().headers().firstValue("Location").orElseThrow();
            p = new Page(send(HttpRequest.newBuilder(p.response().uri().resolve(location)).GET()));
        }
        return passTrustPage(p);
    }

    public Page get(String url) {
        return new Page(send(HttpRequest.newBuilder(URI.create(url)).GET()));
    }

    /** The refresh grant; returns the raw response so tests can assert rejections too. */
    public HttpResponse<String> refresh(String baseUrl, String realm, String refreshToken) {
        return post(oidc(baseUrl, realm) + "/token",
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
    }

    public HttpResponse<String> userInfo(String baseUrl, String realm, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(oidc(baseUrl, realm) + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    /** Back-channel logout of the session behind a refresh token (RP-initiated logout, public client). */
    public HttpResponse<String> logout(String baseUrl, String realm, String refreshToken) {
        return post(oidc(baseUrl, realm) + "/logout", Map.of("refresh_token", refreshToken, "client_id", clientId));
    }

    private String codeFrom(HttpResponse<String> r, String expectedState) {
        String location = r.headers().firstValue("Location").orElse(null);
        if (r.statusCode() != 302 || location == null || !location.startsWith(REDIRECT_URI)) {
            throw new IllegalStateException("expected a redirect to the client, got " + r.statusCode() + " "
                    + (location != null ? location : pageMessage(r.body()).orElse(Json.abbreviate(r.body()))));
        }
        Map<String, String> q = query(URI.create(location).getRawQuery());
        if (q.containsKey("error")) {
            throw new IllegalStateException("authorization error: " + q);
        }
        if (!expectedState.equals(q.get("state"))) {
            throw new IllegalStateException("state mismatch: " + q.get("state"));
        }
        return q.get("code");
    }

    private static final Pattern MESSAGE = Pattern.compile(
            "kc-feedback-text[^>]*>\\s*([^<]*[^<\\s])", Pattern.CASE_INSENSITIVE);

    /** The error or info message a Keycloak login page shows, if any. */
    public static java.util.Optional<String> pageMessage(String html) {
        Matcher m = MESSAGE.matcher(html);
        return m.find() ? java.util.Optional.of("page says: " + m.group(1)) : java.util.Optional.empty();
    }

    private static String formActionOrNull(String html) {
        try {
            return formAction(html);
        } catch (IllegalStateException e) {
            return null; // a page other than the password form, e.g. the passwordless address page
        }
    }

    static String formAction(String html) {
        Matcher forms = FORM.matcher(html);
        while (forms.find()) {
            Matcher action = ACTION.matcher(forms.group());
            if (action.find() && action.group(1).contains("login-actions")) {
                return action.group(1).replace("&amp;", "&");
            }
        }
        throw new IllegalStateException("no login form on the page:\n" + Json.abbreviate(html));
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(AdminApi.enc(k)).append('=').append(AdminApi.enc(v)));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            if (userAgent != null) {
                b.setHeader("User-Agent", userAgent);
            }
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String oidc(String baseUrl, String realm) {
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public record Authorization(String formAction, String code, String state, String verifier, String page) {
        public Page firstPage() {
            return new Page(null) {
                @Override
                public String body() {
                    return page;
                }

                @Override
                public int status() {
                    // authorize() keeps a page only when the server answered 200
                    return 200;
                }
            };
        }
    }

    /** A response of the login pages, with the bits tests look for. */
    public static class Page {
        private final HttpResponse<String> response;

        Page(HttpResponse<String> response) {
            this.response = response;
        }

        public HttpResponse<String> response() {
            return response;
        }

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public boolean redirectsToClient() {
            return response != null && response.statusCode() == 302
                    && response.headers().firstValue("Location").orElse("").startsWith(REDIRECT_URI);
        }

        /** The action of the form with this id, unescaped. */
        public String formAction(String formId) {
            Matcher forms = FORM.matcher(body());
            while (forms.find()) {
                if (forms.group().contains("id=\"" + formId + "\"")) {
                    Matcher action = ACTION.matcher(forms.group());
                    if (action.find()) {
                        return action.group(1).replace("&amp;", "&");
                    }
                }
            }
            throw new IllegalStateException("no form " + formId + " on the page (" + (response == null ? "" : response.statusCode()) + "):\n"
                    + pageMessage(body()).orElse(Json.abbreviate(body())));
        }

        /** Whether this is the factor choice page (required action gatehouse-mfa-enrol). */
        public boolean showingFactorChoice() {
            return status() == 200 && hasForm(MFA_FORM);
        }

        /** The factors the choice page offers, in its order (totp, passkey, sms, email). */
        public java.util.List<String> offeredFactors() {
            java.util.List<String> out = new java.util.ArrayList<>();
            Matcher m = FACTOR.matcher(body());
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        /** Whether the choice page offers "Set up later". */
        public boolean laterOffered() {
            return body().contains("name=\"later\"");
        }

        public boolean hasForm(String formId) {
            return body().contains("id=\"" + formId + "\"");
        }

        /** The page's feedback message without the "page says: " prefix, or "". */
        public String message() {
            return pageMessage(body()).map(m -> m.substring("page says: ".length())).orElse("");
        }
    }

    public record Tokens(JsonNode raw) {
        public String accessToken() {
            return raw.get("access_token").asText();
        }

        public String refreshToken() {
            return raw.get("refresh_token").asText();
        }

        public String idToken() {
            return raw.get("id_token").asText();
        }

        public JsonNode accessClaims() {
            return Json.claims(accessToken());
        }
    }
}
