package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.fakes.FakeOidcProvider;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Social sign-in and the MFA policy for brokered sign-ins on the real server (docs/social-login.md), with four
 * in-process upstreams. GitHub is Keycloak's own {@code github} provider with its Enterprise URLs pointed at the
 * fake. Google, Microsoft and LinkedIn fix their upstream URLs in code (LinkedIn even fetches LinkedIn's discovery
 * document when the provider is built), so each is replaced, same alias, by a generic {@code oidc} provider at a
 * fake that plays it: Microsoft sends {@code amr ["pwd","mfa"]} after its MFA, Google sends no amr.
 */
class BrokeredMfaIT {

    static final String POLICY = "/realms/demo/authentication/required-actions/gatehouse-mfa-enrol/config";
    static final String BROKER_APP = "broker-app";

    @AutoClose
    static final FakeOidcProvider GOOGLE = new FakeOidcProvider("google-client", secret());
    @AutoClose
    static final FakeOidcProvider GITHUB = new FakeOidcProvider("github-client", secret());
    @AutoClose
    static final FakeOidcProvider MICROSOFT = new FakeOidcProvider("microsoft-client", secret());
    @AutoClose
    static final FakeOidcProvider LINKEDIN = new FakeOidcProvider("linkedin-client", secret());
    static final Map<String, FakeOidcProvider> UPSTREAMS = Map.of("google", GOOGLE, "github", GITHUB, "microsoft", MICROSOFT, "linkedin", LINKEDIN);

    @AutoClose
    static DemoServer demo;
    static KeycloakNode server;
    static AdminApi admin;
    static Map<String, String> demoPolicy;

    @BeforeAll
    static void start() {
        Map<String, String> env = new HashMap<>();
        env.put("KC_SPI_VAULT__PROVIDER", "gatehouse");
        env.put("KC_LOG_LEVEL", "INFO,dev.gatehouse.authenticators.mfa:debug");
        // The realm's ${vault.<alias>-client-secret}, through the pack's vault (env backend).
        UPSTREAMS.forEach((alias, fake) -> env.put("KC_VAULT_demo__" + alias + "_2Dclient_2Dsecret", fake.clientSecret()));
        demo = DemoServer.start("brokered-mfa", env);
        server = demo.node();
        admin = server.admin();

        // GitHub: Keycloak's provider, its GitHub Enterprise base and API URLs at the fake.
        JsonNode github = admin.get("/realms/demo/identity-provider/instances/github");
        Map<String, Object> rep = Json.MAPPER.convertValue(github, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) rep.get("config");
        config.put("clientId", UPSTREAMS.get("github").clientId());
        config.put("baseUrl", UPSTREAMS.get("github").issuer());
        config.put("apiUrl", UPSTREAMS.get("github").issuer());
        rep.put("enabled", true);
        assertStatus(204, admin.call("PUT", "/realms/demo/identity-provider/instances/github", rep));

        replaceWithOidc("google", "Google", "client_secret_post", false);
        replaceWithOidc("microsoft", "Microsoft", "client_secret_basic", false);
        replaceWithOidc("linkedin", "LinkedIn", "client_secret_post", true);

        // A client that asks for no level by default (demo-app asks for 2).
        assertStatus(201, admin.call("POST", "/realms/demo/clients", Map.of("clientId", BROKER_APP, "publicClient", true,
                "standardFlowEnabled", true, "directAccessGrantsEnabled", false, "redirectUris", List.of(OidcBrowser.REDIRECT_URI),
                "attributes", Map.of("pkce.code.challenge.method", "S256"))));
        demoPolicy = policy();
    }

    /** The same alias, now a generic OpenID Connect provider at the fake that plays the real one. */
    static void replaceWithOidc(String alias, String displayName, String clientAuth, boolean disableNonce) {
        FakeOidcProvider fake = UPSTREAMS.get(alias);
        assertStatus(204, admin.call("DELETE", "/realms/demo/identity-provider/instances/" + alias, null));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clientId", fake.clientId());
        config.put("clientSecret", "${vault." + alias + "-client-secret}");
        config.put("clientAuthMethod", clientAuth);
        config.put("issuer", fake.issuer());
        config.put("authorizationUrl", fake.issuer() + "/authorize");
        config.put("tokenUrl", fake.issuer() + "/token");
        config.put("userInfoUrl", fake.issuer() + "/userinfo");
        config.put("jwksUrl", fake.issuer() + "/jwks");
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("pkceEnabled", "false");
        config.put("disableNonce", String.valueOf(disableNonce));
        config.put("defaultScope", "openid profile email");
        config.put("syncMode", "IMPORT");
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", alias);
        idp.put("displayName", displayName);
        idp.put("providerId", "oidc");
        idp.put("enabled", true);
        idp.put("trustEmail", false);
        idp.put("firstBrokerLoginFlowAlias", "gatehouse-first-broker-login");
        idp.put("postBrokerLoginFlowAlias", "gatehouse-post-broker");
        idp.put("config", config);
        assertStatus(201, admin.call("POST", "/realms/demo/identity-provider/instances", idp));
    }

    static String secret() {
        byte[] b = new byte[18];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    // ---- each provider signs in a new user -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"google", "github", "microsoft", "linkedin"})
    void eachProviderSignsInANewUserToAToken(String alias) throws Exception {
        FakeOidcProvider upstream = UPSTREAMS.get(alias);
        String sub = alias + "-new-" + Long.toHexString(System.nanoTime());
        upstream.signInAs(new FakeOidcProvider.User(sub, sub + "@example.org", true, "New " + alias.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + alias.substring(1)))
                .amr().acr(null);
        int before = upstream.tokenRequests();

        Signed signed = signIn(new OidcBrowser(BROKER_APP), alias, null, null);
        // A new user under the demo policy (MFA required, grace 3) without a second factor is offered enrolment.
        assertTrue(signed.enrolmentOffered(), alias + ": a new brokered user is offered enrolment");
        assertFalse(signed.factorAsked());
        assertEquals(sub + "@example.org", signed.tokens().accessClaims().get("email").asText());
        assertEquals("1", acr(signed));
        assertEquals(before + 1, upstream.tokenRequests(), "the broker exchanged the code with the vault's client secret");
        String expectedAuth = alias.equals("microsoft") ? "client_secret_basic" : "client_secret_post";
        assertEquals(expectedAuth, upstream.lastClientAuth());

        String userId = signed.tokens().accessClaims().get("sub").asText();
        JsonNode links = admin.get("/realms/demo/users/" + userId + "/federated-identity");
        assertEquals(1, links.size(), links.toString());
        assertEquals(alias, links.get(0).get("identityProvider").asText());
        assertEquals(alias.equals("github") ? String.valueOf(Math.abs((long) sub.hashCode())) : sub, links.get(0).get("userId").asText());
    }

    // ---- the matrix: upstream amr × IdP trust setting ----------------------------------------------------------

    /**
     * Microsoft's sign-in with or without MFA (its amr) under each trust setting of the identity provider. The
     * user has a second factor (email codes), so "asked" means the local code page; acr is the token's.
     */
    @ParameterizedTest(name = "amr mfa={0}, trust {1} acknowledged={2}: local factor {3}, acr {4}")
    @CsvSource({
            "true,  trust-mfa, true,  false, 2, idp-mfa, idp-mfa",
            "false, trust-mfa, true,  true,  2, idp-local, idp-no-mfa",
            "true,  trust-mfa, false, true,  2, idp-local, idp-unacknowledged",
            "false, trust-mfa, false, true,  2, idp-local, idp-unacknowledged",
            "true,  local,     true,  true,  2, idp-local, realm-default",
            "false, local,     true,  true,  2, idp-local, realm-default",
            "true,  none,      true,  false, 1, idp-one-factor, idp-none",
            "false, none,      true,  false, 1, idp-one-factor, idp-none"})
    void idpTrustMatrix(boolean upstreamMfa, String trust, boolean acknowledged, boolean localAsked, String acr,
                        String event, String reason) throws Exception {
        String user = matrixUser();
        setPolicy(Map.of("gatehouse.mfa.idpTrust", "microsoft=" + trust, "gatehouse.mfa.idpTrustAcknowledged", acknowledged ? "microsoft" : ""));
        try {
            microsoftAs(user, upstreamMfa);
            Signed signed = signIn(new OidcBrowser(BROKER_APP), "microsoft", null, user + "@example.com");
            JsonNode recorded = lastEvent(Accounts.id(server.adminClient().realm("demo"), user), "IDENTITY_PROVIDER_POST_LOGIN");
            assertEquals(event + " " + reason, recorded.get("details").get("gatehouse_mfa").asText() + " "
                    + recorded.get("details").get("gatehouse_mfa_reason").asText(), recorded.toString());
            assertEquals(localAsked, signed.factorAsked(), "local second factor asked");
            assertFalse(signed.enrolmentOffered());
            assertEquals(acr, acr(signed));
        } finally {
            setPolicy(demoPolicy);
        }
    }

    /**
     * Microsoft (trust-mfa, acknowledged in the demo policy) sends no amr, only an acr: one the realm lists in
     * {@code gatehouse.mfa.idpMfaAcr} stands in for the local factor; another doesn't.
     */
    @Test
    void anUpstreamAcrListedAsMfaCountsWithoutAmrAndAnUnlistedOneAsksTheLocalFactor() throws Exception {
        setPolicy(Map.of("gatehouse.mfa.idpMfaAcr", "urn:example:acr:mfa"));
        try {
            String listed = matrixUser();
            microsoftWithAcrOnly(listed, "urn:example:acr:mfa");
            Signed trusted = signIn(new OidcBrowser(BROKER_APP), "microsoft", null, listed + "@example.com");
            assertFalse(trusted.factorAsked(), "the listed acr is the provider's MFA");
            assertEquals("2", acr(trusted));
            JsonNode recorded = lastEvent(Accounts.id(server.adminClient().realm("demo"), listed), "IDENTITY_PROVIDER_POST_LOGIN");
            assertEquals("idp-mfa idp-mfa", recorded.get("details").get("gatehouse_mfa").asText() + " "
                    + recorded.get("details").get("gatehouse_mfa_reason").asText(), recorded.toString());

            String unlisted = matrixUser();
            microsoftWithAcrOnly(unlisted, "urn:example:acr:password");
            Signed asked = signIn(new OidcBrowser(BROKER_APP), "microsoft", null, unlisted + "@example.com");
            assertTrue(asked.factorAsked(), "an acr the realm doesn't list proves nothing");
            assertEquals("2", acr(asked));
            recorded = lastEvent(Accounts.id(server.adminClient().realm("demo"), unlisted), "IDENTITY_PROVIDER_POST_LOGIN");
            assertEquals("idp-no-mfa", recorded.get("details").get("gatehouse_mfa_reason").asText(), recorded.toString());
        } finally {
            setPolicy(demoPolicy);
        }
        assertEquals(demoPolicy, policy(), "the demo policy is restored");
    }

    // ---- step-up ----------------------------------------------------------------------------------------------

    @Test
    void aStepUpOnABrokeredSignInAsksTheLocalFactorUnlessTheProvidersMfaCounts() throws Exception {
        String user = matrixUser();
        setPolicy(Map.of("gatehouse.mfa.idpTrust", "microsoft=none"));
        try {
            microsoftAs(user, true);
            // The policy doesn't require MFA through this provider: one factor, unless the client asks for two.
            Signed plain = signIn(new OidcBrowser(BROKER_APP), "microsoft", null, user + "@example.com");
            assertFalse(plain.factorAsked());
            assertEquals("1", acr(plain));

            String second = matrixUser();
            microsoftAs(second, true);
            Signed stepUp = signIn(new OidcBrowser(BROKER_APP), "microsoft", "acr_values=2", second + "@example.com");
            assertTrue(stepUp.factorAsked(), "acr_values=2 asks the local second factor (Keycloak would not: issue 25335)");
            assertEquals("2", acr(stepUp));
            JsonNode recorded = lastEvent(Accounts.id(server.adminClient().realm("demo"), second), "IDENTITY_PROVIDER_POST_LOGIN");
            assertEquals("idp-step-up", recorded.get("details").get("gatehouse_mfa").asText(), recorded.toString());
            assertEquals("idp-none", recorded.get("details").get("gatehouse_mfa_reason").asText(), recorded.toString());

            // demo-app's default ACR is 2: the same.
            String third = matrixUser();
            microsoftAs(third, true);
            Signed byDefault = signIn(new OidcBrowser("demo-app"), "microsoft", null, third + "@example.com");
            assertTrue(byDefault.factorAsked(), "a client's default ACR of 2 asks it too");
            assertEquals("2", acr(byDefault));
        } finally {
            setPolicy(demoPolicy);
        }
        // Trusted and acknowledged, with MFA upstream: the provider's MFA is level 2, nothing asked locally.
        microsoftAs(user, true);
        Signed trusted = signIn(new OidcBrowser(BROKER_APP), "microsoft", "acr_values=2", user + "@example.com");
        assertFalse(trusted.factorAsked());
        assertEquals("2", acr(trusted));
    }

    // ---- linking ----------------------------------------------------------------------------------------------

    @Test
    void anExistingAccountIsLinkedOnlyAfterProofAndCanBeUnlinkedInTheAccountApi() throws Exception {
        String name = "dora-" + Long.toHexString(System.nanoTime());
        String email = name + "@example.com";
        String password = "pw-" + name;
        Accounts.create(server.adminClient().realm("demo"), PartialImportRepresentation.Policy.FAIL,
                List.of(Accounts.user(name, email, true, Accounts.password(password))));
        String doraId = Accounts.id(server.adminClient().realm("demo"), name);
        // A partial import grants no default roles, and the account API wants its audience (manage-account).
        var demoRealm = server.adminClient().realm("demo");
        demoRealm.users().get(doraId).roles().realmLevel().add(List.of(demoRealm.roles().get("default-roles-demo").toRepresentation()));
        // Someone at Google claims dora's address (verified, even): no link without proof.
        UPSTREAMS.get("google").signInAs(new FakeOidcProvider.User("g-" + name, email, true, "Dora Claimant")).amr().acr(null);

        OidcBrowser browser = new OidcBrowser(BROKER_APP);
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", "kc_idp_hint=google");
        assertTrue(auth.code() == null, "no token for an address that belongs to an existing account");
        OidcBrowser.Page confirm = auth.firstPage();
        assertTrue(confirm.body().contains("linkAccount"), "the confirm-link page: " + confirm.message());
        assertEquals(0, admin.get("/realms/demo/users/" + doraId + "/federated-identity").size(), "not linked by the email claim");

        int mails = demo.mailsTo(email);
        OidcBrowser.Page sent = browser.submit(confirm.formAction("kc-register-form"), Map.of("submitAction", "linkAccount"));
        assertEquals(200, sent.status(), sent.message());
        assertEquals(0, admin.get("/realms/demo/users/" + doraId + "/federated-identity").size(), "not linked before the proof");

        // The proof: the link mailed to the existing account's address, opened in the same browser.
        String link = linkFromMail(email, mails + 1);
        OidcBrowser.Page back = browser.follow(browser.get(link));
        Signed signed = finish(browser, auth, back, null, 0);
        JsonNode links = admin.get("/realms/demo/users/" + doraId + "/federated-identity");
        assertEquals(1, links.size(), "linked after the proof");
        assertEquals("google", links.get(0).get("identityProvider").asText());
        assertEquals(doraId, signed.tokens().accessClaims().get("sub").asText());

        // The account console's REST API lists the link and unlinks it (dora has a password to sign in with).
        String token = signed.tokens().accessToken();
        HttpResponse<String> listed = account("GET", "/linked-accounts", token);
        assertEquals(200, listed.statusCode(), listed.body() + " " + listed.headers().map() + " token " + Json.claims(token));
        JsonNode google = find(Json.parse(listed.body()), "google");
        assertTrue(google.get("connected").asBoolean(), listed.body());
        assertEquals(204, account("DELETE", "/linked-accounts/google", token).statusCode());
        assertFalse(find(Json.parse(account("GET", "/linked-accounts", token).body()), "google").get("connected").asBoolean());
        assertEquals(0, admin.get("/realms/demo/users/" + doraId + "/federated-identity").size());
    }

    // ---- the acknowledgement is audited ---------------------------------------------------------------------------

    @Test
    void acknowledgingAProvidersMfaIsAnAuditedAdminEventNamingWhoAndWhen() throws Exception {
        JsonNode realm = admin.get("/realms/demo");
        assertStatus(204, admin.call("PUT", "/realms/demo", Map.of("adminEventsDetailsEnabled", true)));
        long before = System.currentTimeMillis();
        try {
            setPolicy(Map.of("gatehouse.mfa.idpTrust", "microsoft=trust-mfa##google=trust-mfa", "gatehouse.mfa.idpTrustAcknowledged", "microsoft##google"));
        } finally {
            setPolicy(demoPolicy);
            assertStatus(204, admin.call("PUT", "/realms/demo", Map.of("adminEventsDetailsEnabled", realm.get("adminEventsDetailsEnabled").asBoolean())));
        }
        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);

        // Keycloak's admin event, with the representation (details on): what was acknowledged.
        JsonNode events = admin.get("/realms/demo/admin-events?resourceTypes=REQUIRED_ACTION_CONFIG&operationTypes=UPDATE&max=5");
        JsonNode ack = null;
        for (JsonNode e : events) {
            if (e.path("representation").asText().contains("microsoft##google")) {
                ack = e;
            }
        }
        assertNotNull(ack, events.toString());
        assertEquals(adminId, ack.get("authDetails").get("userId").asText());
        assertEquals("authentication/required-actions/gatehouse-mfa-enrol/config", ack.get("resourcePath").asText());

        // The pack's audit log: who, when, what (the representation's digest, never its content).
        JsonNode records = Json.parse(admin.call("GET", "/realms/demo/gatehouse-audit/records?type=UPDATE&from=" + before + "&max=50", null).body());
        JsonNode record = null;
        for (JsonNode r : records) {
            if ("REQUIRED_ACTION_CONFIG".equals(r.path("resourceType").asText()) && r.has("representationSha256")) {
                record = r;
            }
        }
        assertNotNull(record, records.toString());
        assertEquals(adminId, record.get("authUser").asText(), "who");
        long at = record.get("time").asLong();
        assertTrue(at >= before && at <= System.currentTimeMillis(), "when: " + at);
        assertEquals("authentication/required-actions/gatehouse-mfa-enrol/config", record.get("resourcePath").asText());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    record Signed(OidcBrowser.Tokens tokens, boolean factorAsked, boolean enrolmentOffered) {
    }

    /**
     * A brokered sign-in through {@code alias}; answers the local code page (the code mailed to {@code email}) and
     * postpones enrolment when they are shown.
     */
    static Signed signIn(OidcBrowser browser, String alias, String extraQuery, String email) throws Exception {
        int mails = email == null ? 0 : demo.mailsTo(email);
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", "kc_idp_hint=" + alias + (extraQuery == null ? "" : "&" + extraQuery));
        if (auth.code() != null) {
            return new Signed(browser.exchange(server.baseUrl(), "demo", auth.code(), auth.verifier()), false, false);
        }
        return finish(browser, auth, auth.firstPage(), email, mails);
    }

    /** Completes a sign-in from its current page: the local email code, then enrolment's "later". */
    static Signed finish(OidcBrowser browser, OidcBrowser.Authorization auth, OidcBrowser.Page current, String email, int mailsBefore)
            throws Exception {
        boolean factor = false;
        boolean enrol = false;
        OidcBrowser.Page page = current;
        for (int step = 0; step < 5; step++) {
            if (page.response() != null && page.redirectsToClient()) {
                return new Signed(browser.complete(server.baseUrl(), "demo", auth, page), factor, enrol);
            }
            if (page.hasForm("gatehouse-email-code-form")) {
                factor = true;
                page = browser.follow(browser.submit(page.formAction("gatehouse-email-code-form"),
                        Map.of("code", newestCode(email, mailsBefore))));
            } else if (page.hasForm(OidcBrowser.MFA_FORM)) {
                enrol = true;
                page = browser.postpone(page);
            } else {
                String body = page.body();
                throw new AssertionError("unexpected page: " + OidcBrowser.pageMessage(body).orElse(body.length() > 800 ? body.substring(0, 800) : body));
            }
        }
        throw new AssertionError("the sign-in did not end");
    }

    /** A user linked to Microsoft, with email codes as second factor, under the MFA policy (not exempt). */
    static String matrixUser() {
        String name = "mx-" + Long.toHexString(System.nanoTime());
        UserRepresentation user = Accounts.underMfaPolicy(Accounts.user(name, name + "@example.com", true, Accounts.password("pw-" + name), Accounts.emailCode()));
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider("microsoft");
        link.setUserId("ms-" + name);
        link.setUserName("ms-" + name);
        user.setFederatedIdentities(List.of(link));
        Accounts.create(server.adminClient().realm("demo"), PartialImportRepresentation.Policy.FAIL, List.of(user));
        return name;
    }

    /** Microsoft signs {@code user} in, after its own MFA (amr pwd, mfa) or with a password only (amr pwd). */
    static void microsoftAs(String user, boolean mfa) {
        FakeOidcProvider ms = UPSTREAMS.get("microsoft").signInAs(new FakeOidcProvider.User("ms-" + user, user + "@example.com", true, user + " Tester"));
        if (mfa) {
            ms.amr("pwd", "mfa");
        } else {
            ms.amr("pwd");
        }
    }

    /** Microsoft signs {@code user} in saying nothing in amr, only this acr. */
    static void microsoftWithAcrOnly(String user, String acr) {
        UPSTREAMS.get("microsoft").signInAs(new FakeOidcProvider.User("ms-" + user, user + "@example.com", true, user + " Tester"))
                .amr().acr(acr);
    }

    static Map<String, String> policy() {
        Map<String, String> out = new LinkedHashMap<>();
        admin.get(POLICY).get("config").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Saves the policy config: the demo policy with these options changed. */
    static void setPolicy(Map<String, String> changes) {
        Map<String, String> config = new LinkedHashMap<>(demoPolicy);
        config.putAll(changes);
        assertStatus(204, admin.call("PUT", POLICY, Map.of("config", config)));
    }

    static String acr(Signed signed) {
        return Json.claims(signed.tokens().idToken()).get("acr").asText();
    }

    static JsonNode lastEvent(String userId, String type) {
        JsonNode events = admin.get("/realms/demo/events?type=" + type + "&max=100");
        for (JsonNode e : events) {
            if (userId.equals(e.path("userId").asText()) && e.path("details").has("gatehouse_mfa")) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event with gatehouse_mfa for " + userId + ": " + events);
    }

    static HttpResponse<String> account(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/demo/account" + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode find(JsonNode linkedAccounts, String alias) {
        for (JsonNode a : linkedAccounts) {
            if (alias.equals(a.path("providerAlias").asText())) {
                return a;
            }
        }
        throw new AssertionError("no linked account entry " + alias + ": " + linkedAccounts);
    }

    /** The code of the mail this sign-in sent, or of the last one when the code page reused it (sent moments ago). */
    static String newestCode(String email, int mailsBefore) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_000;
        while (demo.mailsTo(email) <= mailsBefore && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return demo.codeFromMail(email, demo.mailsTo(email));
    }

    private static final Pattern LINK = Pattern.compile("(https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

    static String linkFromMail(String address, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (demo.mailsTo(address) < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        MimeMessage[] messages = demo.mail().getReceivedMessagesForDomain(address);
        assertEquals(count, messages.length, "mails to " + address);
        Matcher m = LINK.matcher(text(messages[messages.length - 1]));
        assertTrue(m.find(), "a link in the mail");
        return m.group(1).replace("&amp;", "&");
    }

    private static String text(MimeMessage message) throws IOException, MessagingException {
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getContent() instanceof String s) {
                    out.append(s).append('\n');
                }
            }
            return out.toString();
        }
        return String.valueOf(content);
    }

    static void assertStatus(int expected, HttpResponse<String> r) {
        assertEquals(expected, r.statusCode(), r.body());
    }
}
