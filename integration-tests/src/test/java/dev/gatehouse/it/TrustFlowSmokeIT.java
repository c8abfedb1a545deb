package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo realm's wiring of trusted browsers end to end (docs/trusted-devices.md "Flow"): a browser trusted after
 * the email code skips it at the next sign-in and still reaches level 2, the trust renews at each use, and a
 * password reset by an admin ends it. The full behaviour (tampering, replay, limits, bindings, events) is
 * TrustedDeviceIT's.
 */
class TrustFlowSmokeIT {

    static DemoServer demo;
    static KeycloakNode server;

    @BeforeAll
    static void start() {
        demo = DemoServer.start("trustflow");
        server = demo.node();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void aTrustedBrowserSkipsTheEmailCodeUntilThePasswordIsReset() throws Exception {
        OidcBrowser browser = new OidcBrowser("demo-app").showingTrustPage();

        // First sign-in: password, email code, then the offer; alice ticks it.
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        int before = demo.mailsTo("alice@example.com");
        OidcBrowser.Page code = browser.submit(auth.formAction(), Map.of("username", "alice", "password", "alice", "credentialId", ""));
        OidcBrowser.Page offer = browser.submit(code.formAction("gatehouse-email-code-form"),
                Map.of("code", demo.codeFromMail("alice@example.com", before + 1)));
        assertTrue(offer.hasForm(OidcBrowser.TRUST_FORM), "the offer follows the code: " + offer.message());
        assertTrue(offer.body().contains("Trust this browser for 30 days"), "the checkbox names the demo realm's 30 days");
        assertFalse(offer.body().contains("checked"), "not ticked by default");
        OidcBrowser.Page done = browser.answerTrust(offer, true);
        assertTrue(done.redirectsToClient(), done.message());
        OidcBrowser.Tokens first = browser.complete(server.baseUrl(), "demo", auth, done);
        assertEquals("2", acr(first));

        String alice = server.admin().userId("demo", "alice");
        List<JsonNode> devices = devices(alice);
        assertEquals(1, devices.size(), "one trusted browser");
        assertTrue(devices.get(0).get("userLabel").asText().contains(" · until "), devices.get(0).toString());
        assertFalse(devices.get(0).has("secretData") && !devices.get(0).get("secretData").isNull()
                && devices.get(0).get("secretData").asText().contains("hash"), "no hash over REST");

        // The account console lists it under two-factor authentication, removable, with its label.
        JsonNode types = accountCredentials(first.accessToken());
        JsonNode trusted = null;
        for (JsonNode t : types) {
            if ("gatehouse-trusted-device".equals(t.get("type").asText())) {
                trusted = t;
            }
        }
        assertTrue(trusted != null, "listed in the account console: " + types);
        assertEquals("two-factor", trusted.get("category").asText());
        assertTrue(trusted.get("removeable").asBoolean());
        assertFalse(trusted.has("createAction") && !trusted.get("createAction").isNull(), "nothing to set up");
        assertEquals(1, trusted.get("userCredentialMetadatas").size());
        assertTrue(trusted.get("userCredentialMetadatas").get(0).get("credential").get("userLabel").asText().contains(" · until "),
                trusted.toString());

        // Twice more in fresh sessions: the password only, level 2, no mail; the second use proves the renewal.
        for (int i = 0; i < 2; i++) {
            int loggedOut = browser.logout(server.baseUrl(), "demo", first.refreshToken()).statusCode();
            assertTrue(loggedOut < 300, "logout -> " + loggedOut);
            int mails = demo.mailsTo("alice@example.com");
            OidcBrowser.Authorization again = browser.authorize(server.baseUrl(), "demo");
            OidcBrowser.Page skipped = browser.submit(again.formAction(), Map.of("username", "alice", "password", "alice", "credentialId", ""));
            assertTrue(skipped.redirectsToClient(), "a trusted browser skips the code: " + skipped.message());
            first = browser.complete(server.baseUrl(), "demo", again, skipped);
            assertEquals("2", acr(first), "the trust stands in for the second factor");
            assertEquals(mails, demo.mailsTo("alice@example.com"), "no code was mailed");
        }
        assertEquals(1, devices(alice).size(), "renewed, not duplicated");

        // An admin resets the password: the trust ends, and the code is asked again.
        var reset = server.admin().call("PUT", "/realms/demo/users/" + alice + "/reset-password",
                Map.of("type", "password", "value", "alice", "temporary", false));
        assertEquals(204, reset.statusCode(), reset.body());
        assertEquals(0, devices(alice).size(), "a password reset ends the trust");
        browser.logout(server.baseUrl(), "demo", first.refreshToken());
        OidcBrowser.Authorization last = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page asked = browser.submit(last.formAction(), Map.of("username", "alice", "password", "alice", "credentialId", ""));
        assertTrue(asked.hasForm("gatehouse-email-code-form"), "the code is asked again: " + asked.message());
    }

    private static List<JsonNode> devices(String userId) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode c : server.admin().get("/realms/demo/users/" + userId + "/credentials")) {
            if ("gatehouse-trusted-device".equals(c.get("type").asText())) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void removingOneTrustedBrowserLeavesTheOthersAndDisablingEndsAll() throws Exception {
        OidcBrowser laptop = new OidcBrowser("demo-app").showingTrustPage();
        OidcBrowser phone = new OidcBrowser("demo-app").showingTrustPage();
        String carol = "trust-carol";
        user(carol);
        String id = server.admin().userId("demo", carol);
        trust(laptop, carol, carol + "@example.com");
        String laptopDevice = devices(id).get(0).get("id").asText();
        // The phone's code goes to a new address: the first address is still in its resend cooldown. An admin
        // update that changes no factor leaves the laptop's trust alone.
        com.fasterxml.jackson.databind.node.ObjectNode rep = (com.fasterxml.jackson.databind.node.ObjectNode) server.admin().get("/realms/demo/users/" + id);
        rep.put("email", carol + "@example.org");
        var moved = server.admin().call("PUT", "/realms/demo/users/" + id, rep.toString());
        assertEquals(204, moved.statusCode(), moved.body());
        assertEquals(List.of(laptopDevice), devices(id).stream().map(d -> d.get("id").asText()).toList());
        trust(phone, carol, carol + "@example.org");
        List<String> both = devices(id).stream().map(d -> d.get("id").asText()).toList();
        assertEquals(2, both.size(), "two trusted browsers: " + both);
        String phoneDevice = both.stream().filter(d -> !d.equals(laptopDevice)).findFirst().orElseThrow();
        assertFalse(laptopDevice.equals(phoneDevice));

        // An admin deletes the laptop's trust (Keycloak's own credential deletion, an admin event on users/{id}).
        var deleted = server.admin().call("DELETE", "/realms/demo/users/" + id + "/credentials/" + laptopDevice, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(List.of(phoneDevice), devices(id).stream().map(d -> d.get("id").asText()).toList(),
                "the other trusted browser stays");

        OidcBrowser.Authorization a = phone.authorize(server.baseUrl(), "demo");
        assertTrue(phone.submit(a.formAction(), Map.of("username", carol, "password", carol, "credentialId", "")).redirectsToClient(),
                "the phone still skips the code");
        OidcBrowser.Authorization b = laptop.authorize(server.baseUrl(), "demo");
        assertTrue(laptop.submit(b.formAction(), Map.of("username", carol, "password", carol, "credentialId", ""))
                .hasForm("gatehouse-email-code-form"), "the laptop is asked for the code");

        // Disabled by an admin: every trust of the user ends.
        com.fasterxml.jackson.databind.node.ObjectNode rep2 = (com.fasterxml.jackson.databind.node.ObjectNode) server.admin().get("/realms/demo/users/" + id);
        rep2.put("enabled", false);
        assertEquals(204, server.admin().call("PUT", "/realms/demo/users/" + id, rep2.toString()).statusCode());
        assertEquals(List.of(), devices(id), "a disabled user keeps no trusted browser");
    }

    /** A user with a password and email codes. */
    private static void user(String name) {
        var r = server.admin().call("POST", "/realms/demo/partialImport", Map.of("ifResourceExists", "FAIL", "users", List.of(Map.of(
                "username", name, "email", name + "@example.com", "emailVerified", true, "enabled", true,
                "firstName", name, "lastName", "Tester", "credentials", List.of(
                        Map.of("type", "password", "value", name, "temporary", false),
                        Map.of("type", "gatehouse-email-code", "secretData", "{}", "credentialData", "{}"))))));
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Signs in with password and email code, ticks the offer, signs out. */
    private static void trust(OidcBrowser browser, String name, String address) throws Exception {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        int mails = demo.mailsTo(address);
        OidcBrowser.Page code = browser.submit(auth.formAction(), Map.of("username", name, "password", name, "credentialId", ""));
        OidcBrowser.Page offer = browser.submit(code.formAction("gatehouse-email-code-form"),
                Map.of("code", demo.codeFromMail(address, mails + 1)));
        assertTrue(offer.hasForm(OidcBrowser.TRUST_FORM), "the offer follows the code: " + offer.message());
        OidcBrowser.Page done = browser.answerTrust(offer, true);
        assertTrue(done.redirectsToClient(), done.status() + " " + done.message());
        OidcBrowser.Tokens tokens = browser.complete(server.baseUrl(), "demo", auth, done);
        browser.logout(server.baseUrl(), "demo", tokens.refreshToken());
    }

    private static JsonNode accountCredentials(String accessToken) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/realms/demo/account/credentials"))
                        .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    private static String acr(OidcBrowser.Tokens tokens) {
        return Json.claims(tokens.idToken()).get("acr").asText();
    }
}
