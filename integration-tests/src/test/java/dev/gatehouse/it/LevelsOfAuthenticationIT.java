package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Levels of authentication in the demo realm (docs/levels-of-authentication.md): an SSO session satisfies a
 * client only at the level it reached, a higher level asks only for the missing factor, and the token's
 * {@code acr} says what was done ("1": one factor, "2": two different factors).
 */
class LevelsOfAuthenticationIT {

    static final String ESSENTIAL_LEVEL_2 = AdminApi.enc("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"2\"]}}}");

    static DemoServer demo;
    static KeycloakNode server;

    @BeforeAll
    static void start() {
        demo = DemoServer.shared();
        server = demo.node();
        // Here bob is the user without a second factor (a password only), as before SMS codes.
        DemoUsers.bobWithPasswordOnly(server.adminClient().realm("demo"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    /** A user with a password and, if asked, email codes set up; exempt from the MFA policy (these are its levels alone). */
    static void user(String name, boolean emailCodes) {
        AdminApi admin = server.admin();
        var credentials = new java.util.ArrayList<Map<String, Object>>();
        credentials.add(Map.of("type", "password", "value", name, "temporary", false));
        if (emailCodes) {
            credentials.add(Map.of("type", "gatehouse-email-code", "secretData", "{}", "credentialData", "{}"));
        }
        var r = admin.call("POST", "/realms/demo/partialImport", Map.of("ifResourceExists", "FAIL", "users", java.util.List.of(Map.of(
                "username", name, "email", name + "@example.com", "emailVerified", true, "enabled", true,
                "firstName", name, "lastName", "Tester", "credentials", credentials,
                "groups", java.util.List.of(dev.gatehouse.testsupport.Accounts.MFA_EXEMPT)))));
        assertEquals(200, r.statusCode(), r.body());
    }

    static String acr(OidcBrowser.Tokens tokens) {
        return Json.claims(tokens.idToken()).get("acr").asText();
    }

    static OidcBrowser.Tokens passwordless(OidcBrowser browser, String address) throws Exception {
        int before = demo.mailsTo(address);
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page codePage = browser.submit(auth.firstPage().formAction("gatehouse-email-address-form"), Map.of("email", address));
        OidcBrowser.Page done = browser.submit(codePage.formAction("gatehouse-email-code-form"),
                Map.of("code", demo.codeFromMail(address, before + 1)));
        assertTrue(done.redirectsToClient(), done.message());
        return browser.complete(server.baseUrl(), "demo", auth, done);
    }

    /** Password, then (when the page asks) the mailed code. */
    static OidcBrowser.Tokens passwordAndCode(OidcBrowser browser, String user, String extraQuery) throws Exception {
        String address = user + "@example.com";
        int before = demo.mailsTo(address);
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", extraQuery);
        OidcBrowser.Page p = browser.submit(auth.formAction(), Map.of("username", user, "password", user, "credentialId", ""));
        if (p.hasForm("gatehouse-email-code-form")) {
            p = browser.submit(p.formAction("gatehouse-email-code-form"), Map.of("code", demo.codeFromMail(address, before + 1)));
        }
        assertTrue(p.redirectsToClient(), p.message());
        return browser.complete(server.baseUrl(), "demo", auth, p);
    }

    /** A step-up that must ask for the password (and nothing else): answers it and returns the tokens. */
    static OidcBrowser.Tokens stepUpWithPassword(OidcBrowser browser, String password, String extraQuery) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", extraQuery);
        assertNull(auth.code(), "a one-factor email-code session must not answer a two-factor request at once");
        assertTrue(auth.page().contains("name=\"password\""), "the step-up asks for the password");
        assertFalse(auth.firstPage().hasForm("gatehouse-email-code-form"), "the email code was already proven");
        OidcBrowser.Page done = browser.submit(auth.formAction(), Map.of("password", password));
        assertTrue(done.redirectsToClient(), done.message());
        return browser.complete(server.baseUrl(), "demo", auth, done);
    }

    @Test
    void passwordlessSessionStepsUpWithThePasswordOnly() throws Exception {
        user("lena", true);
        OidcBrowser passwordless = new OidcBrowser("demo-passwordless");
        assertEquals("1", acr(passwordless(passwordless, "lena@example.com")), "an email code alone is one factor");
        int mails = demo.mailsTo("lena@example.com");

        // demo-app wants two factors: the email-code session is not enough, and the missing factor is the password.
        OidcBrowser app = passwordless.asClient("demo-app");
        assertEquals("2", acr(stepUpWithPassword(app, "lena", null)), "email code + password are two factors");
        assertEquals(mails, demo.mailsTo("lena@example.com"), "no second code was mailed: the same mailbox is not a second factor");

        // The session is now at level 2: demo-app answers at once.
        assertEquals("2", acr(app.signInWithSession(server.baseUrl(), "demo")));
    }

    @Test
    void passwordlessSessionOfAUserWithoutSecondFactorAlsoNeedsThePassword() throws Exception {
        user("otto", false);
        OidcBrowser passwordless = new OidcBrowser("demo-passwordless");
        passwordless(passwordless, "otto@example.com");
        // otto has no second factor set up, but his session proved his mailbox: the password makes two factors.
        assertEquals("2", acr(stepUpWithPassword(passwordless.asClient("demo-app"), "otto", null)));
    }

    @Test
    void passwordOnlyUserSignsInAtLevelOne() {
        OidcBrowser bob = new OidcBrowser("demo-app");
        OidcBrowser.Tokens tokens = bob.signIn(server.baseUrl(), "demo", "bob", "bob");
        assertEquals("1", acr(tokens), "a password alone is one factor");
        assertEquals("1", acr(bob.signInWithSession(server.baseUrl(), "demo")), "SSO keeps the level, and says so");
        assertEquals("1", acr(bob.asClient("demo-passwordless").signInWithSession(server.baseUrl(), "demo")));
    }

    @Test
    void twoFactorSessionIsLevelTwoEverywhere() throws Exception {
        OidcBrowser alice = new OidcBrowser("demo-app");
        assertEquals("2", acr(passwordAndCode(alice, "alice", null)));
        assertEquals("2", acr(alice.signInWithSession(server.baseUrl(), "demo")));
        assertEquals("2", acr(alice.asClient("demo-passwordless").signInWithSession(server.baseUrl(), "demo")),
                "the passwordless client accepts the two-factor session and says what was done");
    }

    @Test
    void acrValuesAskForAHigherLevelAndGetTheMissingFactorOnly() throws Exception {
        user("pia", true);
        OidcBrowser pia = new OidcBrowser("demo-app");
        // The application asks for one factor only: the password is enough.
        assertEquals("1", acr(passwordAndCode(pia, "pia", "acr_values=1")));
        // Then it asks for two: the password is not asked again, the code is.
        int before = demo.mailsTo("pia@example.com");
        OidcBrowser.Authorization auth = pia.authorize(server.baseUrl(), "demo", "acr_values=2");
        assertNull(auth.code(), "level 1 does not satisfy acr_values=2");
        OidcBrowser.Page page = auth.firstPage();
        assertTrue(page.hasForm("gatehouse-email-code-form"), "the step-up asks for the second factor");
        assertFalse(page.body().contains("name=\"password\""), "and not for the password again");
        OidcBrowser.Page done = pia.submit(page.formAction("gatehouse-email-code-form"),
                Map.of("code", demo.codeFromMail("pia@example.com", before + 1)));
        assertTrue(done.redirectsToClient(), done.message());
        assertEquals("2", acr(pia.complete(server.baseUrl(), "demo", auth, done)));
    }

    @Test
    void essentialAcrClaimStepsUpAPasswordlessSession() throws Exception {
        user("ruth", true);
        OidcBrowser ruth = new OidcBrowser("demo-passwordless");
        passwordless(ruth, "ruth@example.com");
        // demo-passwordless asks for nothing by default; this request demands two factors.
        assertEquals("2", acr(stepUpWithPassword(ruth, "ruth", "claims=" + ESSENTIAL_LEVEL_2)));
    }

    @Test
    void essentialAcrAUserCannotReachIsRefused() {
        OidcBrowser bob = new OidcBrowser("demo-app");
        bob.signIn(server.baseUrl(), "demo", "bob", "bob");
        // The authorization request itself, to read the whole page (PKCE challenge of some verifier: no code comes back).
        OidcBrowser.Page refused = bob.get(server.baseUrl() + "/realms/demo/protocol/openid-connect/auth?response_type=code"
                + "&scope=openid&client_id=demo-app&state=s1&redirect_uri=" + AdminApi.enc(OidcBrowser.REDIRECT_URI)
                + "&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&claims=" + ESSENTIAL_LEVEL_2);
        assertFalse(refused.redirectsToClient(), "bob has no second factor: an essential level 2 gets no code");
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("Authentication requirements not fulfilled"), OidcBrowser.pageMessage(refused.body()).orElse(""));
        assertFalse(refused.body().contains("Exception"), "no stack trace on the page");
        // Admins see why: a LOGIN_ERROR event of bob, with Keycloak's error for an unmet level.
        String bobId = server.admin().userId("demo", "bob");
        String errors = server.admin().get("/realms/demo/events?type=LOGIN_ERROR&user=" + bobId).toString();
        assertTrue(errors.contains("generic_authentication_error") && errors.contains("essential level 2 not reached"), errors);
        // A wish for the same level lets bob's session through at the level it has, and the token says so.
        assertEquals("1", acr(bob.signInWithSession(server.baseUrl(), "demo")));
    }
}
