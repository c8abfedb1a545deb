package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Attempts to get around the MFA policy of the demo realm on the real server (review findings on issue 14): a
 * sign-in that skips the level-2 sub-flow, a realm that can't enrol, and what the factor choice offers. Each
 * refusal is a page and a {@code LOGIN_ERROR} event, never a 500. One server for the class.
 */
class MfaPolicyHardeningIT {

    static final String PASSWORD = "Passw0rd-hard";
    static final String ENROL = "gatehouse-mfa-enrol";
    static final String REFUSED = "gatehouse_mfa_refused";

    @AutoClose
    static DemoServer demo;
    static KeycloakNode server;
    static RealmResource realm;

    @BeforeAll
    static void start() {
        demo = DemoServer.shared();
        server = demo.node();
        realm = server.adminClient().realm("demo");
    }

    /**
     * A user with TOTP and no password (as a brokered-created user who set up an app) signs in at the passwordless
     * client with the email code: the level-2 sub-flow needs "password available" and is skipped. The policy
     * requires MFA: the sign-in is refused instead of finishing at level 1.
     */
    @Test
    void aUserWithASecondFactorButNoPasswordCannotFinishAtLevelOneWithTheEmailCode() throws Exception {
        String address = "hard-pam@example.com";
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(Accounts.underMfaPolicy(
                Accounts.user("hard-pam", address, true, Accounts.totp("phone", "JBSWY3DPEHPK3PXP")))));
        OidcBrowser browser = new OidcBrowser("demo-passwordless");
        OidcBrowser.Page after = emailCode(browser, address);
        assertFalse(after.redirectsToClient(), "no code for the client at level 1");
        assertEquals(403, after.status(), after.body());
        assertTrue(after.body().contains("requires your second factor"), after.message());
        assertTrue(refusals("hard-pam").stream().anyMatch(e -> "level-2-not-reached".equals(e.getDetails().get("gatehouse_mfa"))),
                "an event with the reason");
    }

    /** The same user, exempt from the policy: one factor is all the passwordless client asks (no regression). */
    @Test
    void anExemptUserWithASecondFactorAndNoPasswordStillSignsInWithTheEmailCode() throws Exception {
        String address = "hard-rex@example.com";
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(
                Accounts.user("hard-rex", address, true, Accounts.totp("phone", "JBSWY3DPEHPK3PXP"))));
        OidcBrowser browser = new OidcBrowser("demo-passwordless");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page done = emailCode(browser, auth, address);
        assertTrue(done.redirectsToClient(), done.message());
        assertEquals("1", Json.claims(browser.complete(server.baseUrl(), "demo", auth, done).idToken()).get("acr").asText());
    }

    /**
     * Under the policy, a user whose only factor is the email code they sign in with (no password) has nothing
     * left to ask: one factor, level 1, not refused (docs/mfa-policy.md, "One factor only").
     */
    @Test
    void aUserWhoseOnlyFactorIsTheEmailCodeStillSignsInAtLevelOne() throws Exception {
        String address = "hard-val@example.com";
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(Accounts.underMfaPolicy(
                Accounts.user("hard-val", address, true, Accounts.emailCode()))));
        OidcBrowser browser = new OidcBrowser("demo-passwordless");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page done = emailCode(browser, auth, address);
        assertTrue(done.redirectsToClient(), done.status() + " " + done.message());
        assertEquals("1", Json.claims(browser.complete(server.baseUrl(), "demo", auth, done).idToken()).get("acr").asText());
    }

    /** Enrolment switched off by the admin: a user the policy requires a factor of, who has none, is refused. */
    @Test
    void withEnrolmentDisabledAUserWithoutSecondFactorIsRefusedNotWaved() {
        policyUser("hard-sue");
        withRequiredActionDisabled(ENROL, () -> {
            OidcBrowser.Page after = password(new OidcBrowser("demo-app"), "hard-sue");
            assertFalse(after.redirectsToClient(), "not let through at level 1");
            assertEquals(403, after.status(), after.body());
            assertTrue(after.body().contains("setting one up is not available"), after.message());
            assertTrue(refusals("hard-sue").stream()
                    .anyMatch(e -> "enrolment-unavailable".equals(e.getDetails().get("gatehouse_mfa"))));
        });
    }

    /**
     * An admin set "set up a second factor" on the user: the choice offers no "later", which would have removed
     * the admin's required action for good (Keycloak deletes a required action that succeeds).
     */
    @Test
    void anAdminSetEnrolmentOffersNoLater() {
        UserRepresentation rep = Accounts.underMfaPolicy(Accounts.user("hard-tom", "hard-tom@example.com", true,
                Accounts.password(PASSWORD)));
        rep.setRequiredActions(List.of(ENROL));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(rep));
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Page choice = password(browser, "hard-tom");
        assertTrue(choice.showingFactorChoice(), choice.message());
        assertFalse(choice.laterOffered(), "no later on an admin's demand");
        OidcBrowser.Page refused = browser.postpone(choice);
        assertTrue(refused.showingFactorChoice(), "posting later anyway changes nothing: " + refused.message());
        assertTrue(user("hard-tom").getRequiredActions().contains(ENROL), "the admin's action stays on the user");
    }

    /** A user without an email address is not offered email codes, whose setup would have nowhere to send one. */
    @Test
    void aUserWithoutAnEmailAddressIsNotOfferedEmailCodes() {
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(Accounts.underMfaPolicy(
                Accounts.user("hard-uma", null, false, Accounts.password(PASSWORD)))));
        // The demo realm's user profile requires an email and would ask for one first; a realm whose doesn't:
        withRequiredActionDisabled("VERIFY_PROFILE", () -> {
            OidcBrowser browser = new OidcBrowser("demo-app");
            OidcBrowser.Page choice = password(browser, "hard-uma");
            assertTrue(choice.showingFactorChoice(), choice.message());
            assertEquals(List.of("totp", "passkey", "sms"), choice.offeredFactors());
            OidcBrowser.Page refused = browser.chooseFactor(choice, "email");
            assertTrue(refused.showingFactorChoice(), "email posted anyway is refused: " + refused.message());
        });
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static OidcBrowser.Page emailCode(OidcBrowser browser, String address) throws Exception {
        return emailCode(browser, browser.authorize(server.baseUrl(), "demo"), address);
    }

    static OidcBrowser.Page emailCode(OidcBrowser browser, OidcBrowser.Authorization auth, String address) throws Exception {
        int before = demo.mailsTo(address);
        OidcBrowser.Page codePage = browser.submit(auth.firstPage().formAction("gatehouse-email-address-form"), Map.of("email", address));
        return browser.follow(browser.submit(codePage.formAction("gatehouse-email-code-form"),
                Map.of("code", demo.codeFromMail(address, before + 1))));
    }

    /** Authorization request and the password form; the page after it. */
    static OidcBrowser.Page password(OidcBrowser browser, String username) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        assertNull(auth.code(), "expected the login form");
        return browser.follow(browser.submit(auth.formAction(),
                Map.of("username", username, "password", PASSWORD, "credentialId", "")));
    }

    /** A user with a password only, not exempt: the demo policy applies. */
    static void policyUser(String name) {
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL,
                List.of(Accounts.underMfaPolicy(Accounts.user(name, name + "@example.com", true, Accounts.password(PASSWORD)))));
    }

    static void withRequiredActionDisabled(String alias, Runnable body) {
        RequiredActionProviderRepresentation action = realm.flows().getRequiredAction(alias);
        action.setEnabled(false);
        realm.flows().updateRequiredAction(alias, action);
        try {
            body.run();
        } finally {
            action.setEnabled(true);
            realm.flows().updateRequiredAction(alias, action);
        }
    }

    static UserRepresentation user(String name) {
        return realm.users().get(Accounts.id(realm, name)).toRepresentation();
    }

    static List<EventRepresentation> refusals(String username) {
        return realm.getEvents(List.of("LOGIN_ERROR"), null, Accounts.id(realm, username), null, null, null, 0, 50).stream()
                .filter(e -> REFUSED.equals(e.getError())).toList();
    }
}
