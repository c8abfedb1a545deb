package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Flows;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.TestClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Email one-time codes on the real server with a real SMTP server: second factor (demo realm's browser flow),
 * passwordless sign-in (client demo-passwordless) and the setup required action.
 */
class EmailCodeIT {

    static final String PASSWORD = "Passw0rd-it";

    @AutoClose
    static DemoServer demo;
    static KeycloakNode server;
    static RealmResource realm;
    static TestClock clock;

    @BeforeAll
    static void start() {
        demo = DemoServer.shared();
        server = demo.node();
        realm = server.adminClient().realm("demo");
        clock = new TestClock(server.baseUrl());
        // Short cooldowns keep the tests fast; the 30 s lifetime is the shortest the policy allows.
        configure("gatehouse-browser", "gatehouse-email-code", 2);
        configure("gatehouse-passwordless", "gatehouse-email-code-passwordless", 2);
    }

    /** Sets (or changes) the execution's config: the given resend cooldown, the shortest lifetime. */
    static void configure(String flow, String provider, int cooldownSeconds) {
        Map<String, String> config = Map.of(
                "gatehouse.code.resendCooldown", String.valueOf(cooldownSeconds), "gatehouse.code.ttl", "30",
                // every test signs in from 127.0.0.1: the per-IP budget must not be what the tests hit
                "gatehouse.sends.perIp", "1000");
        Flows.configure(realm, flow, provider, provider + "-it", config);
    }

    /** A user with a password and, as asked, email codes set up and a verified address. */
    static String user(String name, boolean emailCodes, boolean verified) {
        return user(name, emailCodes, verified, false);
    }

    static String user(String name, boolean emailCodes, boolean verified, boolean totp) {
        List<CredentialRepresentation> credentials = new java.util.ArrayList<>();
        credentials.add(Accounts.password(PASSWORD));
        if (emailCodes) {
            credentials.add(Accounts.emailCode());
        }
        if (totp) {
            CredentialRepresentation otp = new CredentialRepresentation();
            otp.setType("otp");
            otp.setUserLabel("phone");
            otp.setSecretData("{\"value\":\"JBSWY3DPEHPK3PXP\"}");
            otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
            credentials.add(otp);
        }
        UserRepresentation user = Accounts.user(name, name + "@example.com", verified, credentials.toArray(CredentialRepresentation[]::new));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(user));
        return Accounts.id(realm, name);
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int mails(String address) {
        return demo.mailsTo(address);
    }

    static String newestCode(String address, int expectedCount) throws Exception {
        return demo.codeFromMail(address, expectedCount);
    }

    record SignIn(OidcBrowser browser, OidcBrowser.Authorization auth, OidcBrowser.Page page) {
        /**
         * Types a code at human pace: two failures less than a second apart trip the realm's quick-login check
         * (quickLoginCheckMilliSeconds), which locks the user at once; the tests count failures one by one.
         */
        OidcBrowser.Page code(String code) {
            pause(1100);
            return browser.submit(page.formAction("gatehouse-email-code-form"), Map.of("code", code));
        }

        OidcBrowser.Page resend() {
            return browser.submit(page.formAction("gatehouse-resend-form"), Map.of("resend", "true"));
        }

        SignIn on(OidcBrowser.Page next) {
            return new SignIn(browser, auth, next);
        }
    }

    /** Password step of the demo browser flow; returns the page after it. */
    static SignIn password(OidcBrowser browser, String username) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page page = browser.submit(auth.formAction(), Map.of("username", username, "password", PASSWORD));
        return new SignIn(browser, auth, page);
    }

    @Test
    void signsInWithEmailCodeAsSecondFactor() throws Exception {
        String id = user("ivy", true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "ivy");
        assertEquals(200, s.page().status());
        assertTrue(s.page().body().contains("i***y@e***.com"), "the address is shown masked");
        assertFalse(s.page().body().contains("ivy@example.com"), "the address is never shown in full");
        assertTrue(s.page().body().contains("autocomplete=\"one-time-code\""));

        OidcBrowser.Page done = s.code(newestCode("ivy@example.com", 1));
        assertTrue(done.redirectsToClient(), done.message());
        OidcBrowser.Tokens tokens = s.browser().complete(server.baseUrl(), "demo", s.auth(), done);
        assertEquals("ivy", tokens.accessClaims().get("preferred_username").asText());


        // Events: sent and verified, with the masked address and never the code.
        String all = Json.write(events(id));
        assertTrue(all.contains("code_sent") && all.contains("code_verified"), all);
        assertTrue(all.contains("i***y@e***.com") && !all.contains("ivy@example.com\""), all);
    }

    @Test
    void codeIsSingleUse() throws Exception {
        user("jack", true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "jack");
        String code = newestCode("jack@example.com", 1);
        assertTrue(s.code(code).redirectsToClient());

        Thread.sleep(2100); // past the cooldown, so the second sign-in's code is mailed
        SignIn again = password(new OidcBrowser("demo-app"), "jack");
        OidcBrowser.Page replay = again.code(code);
        assertFalse(replay.redirectsToClient(), "a used code works only once");
    }

    @Test
    void wrongCodesVoidTheCodeAndLockTheUser() throws Exception {
        String id = user("kate", true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "kate");
        String code = newestCode("kate@example.com", 1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        OidcBrowser.Page p = s.code(wrong);
        assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
        p = s.on(p).code(wrong);
        p = s.on(p).code(wrong);
        assertTrue(p.message().contains("no longer works"), p.message());
        p = s.on(p).code(code);
        assertFalse(p.redirectsToClient(), "after three wrong codes even the right one is void");

        // The realm locks after 5 failures (demo realm: failureFactor 5); 3 counted so far (a void code is no guess).
        p = s.on(p).resend();
        String second = newestCode("kate@example.com", 2);
        p = s.on(p).code(wrong);
        p = s.on(p).code(wrong);
        p = s.on(p).code(second);
        assertFalse(p.redirectsToClient(), "a locked user gets no session, even with the right code");

        Map<String, Object> status = awaitLocked(id);
        assertEquals(Boolean.TRUE, status.get("disabled"), status.toString());
        assertTrue(((Number) status.get("numFailures")).intValue() >= 5, status.toString());
    }

    /** The user's 50 newest events. */
    static List<EventRepresentation> events(String userId) {
        return realm.getEvents(null, null, userId, null, null, null, 0, 50);
    }

    static Map<String, Object> awaitLocked(String userId) throws InterruptedException {
        Map<String, Object> status = null;
        for (int i = 0; i < 50; i++) {
            status = realm.attackDetection().bruteForceUserStatus(userId);
            if (Boolean.TRUE.equals(status.get("disabled"))) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }

    @Test
    void resendWaitsForTheCooldownThenSendsTheSameCode() throws Exception {
        user("leo", true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "leo");
        String first = newestCode("leo@example.com", 1);

        OidcBrowser.Page early = s.resend();
        assertTrue(early.message().contains("wait"), early.message());
        assertTrue(early.body().contains("disabled"), "the resend button shows the remaining cooldown");
        Thread.sleep(300);
        assertEquals(1, mails("leo@example.com"), "no mail before the cooldown is over");

        Thread.sleep(2000);
        OidcBrowser.Page resent = s.on(early).resend();
        assertEquals(first, newestCode("leo@example.com", 2), "a resend repeats the live code");
        assertTrue(s.on(resent).code(first).redirectsToClient());
    }

    @Test
    void refreshAndSecondTabSendNothing() throws Exception {
        user("mia", true, true);
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn s = password(browser, "mia");
        newestCode("mia@example.com", 1);

        // Refresh / back: the same sign-in's page again.
        String refreshUrl = s.page().formAction("gatehouse-email-code-form");
        OidcBrowser.Page refreshed = browser.get(refreshUrl);
        assertEquals(200, refreshed.status());
        // A second tab: a new authorization request in the same browser.
        SignIn tab = password(browser, "mia");
        assertEquals(200, tab.page().status());
        Thread.sleep(500);
        assertEquals(1, mails("mia@example.com"), "neither a refresh nor a second tab sends mail by itself");
    }

    @Test
    void codeExpires() throws Exception {
        user("noah", true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "noah");
        String code = newestCode("noah@example.com", 1);
        clock.offset(31); // Keycloak's clock, past the 30 s lifetime: no waiting
        try {
            OidcBrowser.Page p = s.code(code);
            assertFalse(p.redirectsToClient());
            assertTrue(p.message().contains("expired"), p.message());
        } finally {
            clock.offset(0);
        }
    }

    @Test
    void codeFromAnotherSessionIsRejected() throws Exception {
        String id = user("olga", true, true);
        SignIn a = password(new OidcBrowser("demo-app"), "olga");
        String codeA = newestCode("olga@example.com", 1);
        Thread.sleep(2100);
        SignIn b = password(new OidcBrowser("demo-app"), "olga");
        String codeB = newestCode("olga@example.com", 2);
        assertNotEquals(codeA, codeB);

        OidcBrowser.Page p = b.code(codeA);
        assertFalse(p.redirectsToClient(), "a code is bound to its own sign-in");
        assertTrue(p.message().contains("earlier email"), p.message());
        assertEquals(0, failures(id), "a code the server mailed to this user moments ago is not a guess");
        assertTrue(b.on(p).code(codeB).redirectsToClient());
    }

    static int failures(String userId) {
        return ((Number) realm.attackDetection().bruteForceUserStatus(userId).getOrDefault("numFailures", 0)).intValue();
    }

    @Test
    void secondTabWithinTheCooldownUsesTheMailedCode() throws Exception {
        String id = user("paz", true, true);
        // The tests' 2 s cooldown could pass while the first mail is awaited: 25 s (under the 30 s lifetime) for this test.
        configure("gatehouse-browser", "gatehouse-email-code", 25);
        try {
            OidcBrowser browser = new OidcBrowser("demo-app");
            SignIn first = password(browser, "paz");
            String code = newestCode("paz@example.com", 1);
            SignIn second = password(browser, "paz");
            assertTrue(second.page().message().contains("enter the code from that email"), second.page().message());
            OidcBrowser.Page done = second.code(code);
            assertTrue(done.redirectsToClient(), "the second tab accepts the code that was mailed: " + done.message());
            assertEquals(1, mails("paz@example.com"), "nothing was sent for the second tab");
            assertEquals(0, failures(id));
            assertTrue(first.page().hasForm("gatehouse-email-code-form"));
        } finally {
            configure("gatehouse-browser", "gatehouse-email-code", 2);
        }
    }

    @Test
    void addressWithAPipeSignsInWithTheSecondFactor() throws Exception {
        String id = user("pipe", true, true);
        UserRepresentation pipe = realm.users().get(id).toRepresentation();
        pipe.setEmail("pi|pe@example.com");
        pipe.setEmailVerified(true);
        realm.users().get(id).update(pipe);
        SignIn s = password(new OidcBrowser("demo-app"), "pipe");
        assertEquals(200, s.page().status(), s.page().body());
        OidcBrowser.Page done = s.code(newestCode("pi|pe@example.com", 1));
        assertTrue(done.redirectsToClient(), done.message());
    }

    @Test
    void controlCharactersInTheAddressAreRefused() {
        for (String address : List.of("nu\u0000@example.com", "be\u0007@example.com", "tab\u001f@example.com")) {
            OidcBrowser.Page p = passwordlessCodePage(address);
            assertEquals(200, p.status());
            assertTrue(p.message().contains("valid email address"), p.message());
            assertFalse(p.body().chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t'),
                    "no control character reaches the page");
        }
    }

    @Test
    void aStrangerCannotBlockTheSecondFactor() throws Exception {
        String id = user("zoe", true, true);
        // Someone who knows only the address asks for passwordless codes from fresh browsers until throttled.
        for (int i = 1; i <= 4; i++) {
            OidcBrowser.Page p = passwordlessCodePage("zoe@example.com");
            assertEquals(200, p.status());
            if (i <= 3) {
                assertTrue(p.message().contains("If an account uses this address"), p.message());
            }
            Thread.sleep(2100);
        }
        Thread.sleep(300);
        int unsolicited = mails("zoe@example.com");
        assertEquals(3, unsolicited, "mail nobody asked for stays within the pre-authentication budget");

        SignIn s = password(new OidcBrowser("demo-app"), "zoe");
        assertFalse(s.page().message().contains("Too many codes"), s.page().message());
        OidcBrowser.Page done = s.code(newestCode("zoe@example.com", unsolicited + 1));
        assertTrue(done.redirectsToClient(), "the user who typed the right password still gets a code: " + done.message());
        assertEquals(0, failures(id));
    }

    /**
     * Send budgets and cooldowns were counted per address across all realms of the server: a stranger using
     * another realm's open passwordless page (any tenant, even without accounts there) could exhaust an address's
     * budget, or hold its cooldown, and so stop this realm's codes to that address. Reproduced here before the fix
     * (no mail in this realm); now every counter belongs to its realm.
     */
    @Test
    void anotherRealmCannotSpendThisRealmsBudgetsOrCooldowns() throws Exception {
        user("vic", false, true);
        user("wes", false, true);
        demo.importDemoCopy("email-other");
        RealmResource other = server.adminClient().realm("email-other");
        Flows.configure(other, "gatehouse-passwordless", "gatehouse-email-code-passwordless", "other-it",
                Map.of("gatehouse.code.resendCooldown", "0"));
        for (int i = 1; i <= 4; i++) { // the destination budget (3 an hour) of vic's address, in the other realm
            passwordlessCodePage("email-other", "vic@example.com");
        }
        Flows.configure(other, "gatehouse-passwordless", "gatehouse-email-code-passwordless", "other-it",
                Map.of("gatehouse.code.resendCooldown", "300"));
        passwordlessCodePage("email-other", "wes@example.com"); // a 5-minute cooldown on wes's address, in the other realm

        for (String name : List.of("vic", "wes")) {
            OidcBrowser browser = new OidcBrowser("demo-passwordless");
            OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
            OidcBrowser.Page codePage = browser.submit(auth.firstPage().formAction("gatehouse-email-address-form"),
                    Map.of("email", name + "@example.com"));
            OidcBrowser.Page done = browser.submit(codePage.formAction("gatehouse-email-code-form"),
                    Map.of("code", newestCode(name + "@example.com", 1)));
            assertTrue(done.redirectsToClient(), name + ": " + done.message());
        }
    }

    @Test
    void everyPasswordlessRequestIsRecordedWithTheOutcomeForAdmins() throws Exception {
        user("yann", false, true);
        OidcBrowser.Page known = passwordlessCodePage("yann@example.com");
        OidcBrowser.Page unknown = passwordlessCodePage("ghost-probe@example.com");
        assertEquals(known.message(), unknown.message(), "the user sees the same");
        newestCode("yann@example.com", 1);

        EventRepresentation probe = awaitEvent("g***e@e***.com");
        assertEquals("user_not_found", probe.getError(), Json.write(probe));
        assertFalse(probe.getIpAddress() == null || probe.getIpAddress().isBlank(), Json.write(probe));
        EventRepresentation request = awaitEvent("y***n@e***.com");
        assertNull(request.getError(), Json.write(request));
        assertEquals("code_requested", request.getDetails().get("gatehouse_otp_event"), Json.write(request));
    }

    /** The newest event whose details name this masked address (event writes may land after the response). */
    static EventRepresentation awaitEvent(String masked) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (EventRepresentation e : realm.getEvents(null, null, null, null, null, null, 0, 200)) {
                Map<String, String> details = e.getDetails() == null ? Map.of() : e.getDetails();
                if (masked.equals(details.get("gatehouse_otp_destination"))
                        && "code_requested".equals(details.get("gatehouse_otp_event"))) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no code_requested event for " + masked);
    }

    @Test
    void sendsAreThrottledPerAddress() throws Exception {
        String id = user("pia", true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "pia");
        OidcBrowser.Page p = s.page();
        for (int i = 2; i <= 3; i++) {
            Thread.sleep(2100);
            p = s.on(p).resend();
            newestCode("pia@example.com", i);
        }
        Thread.sleep(2100);
        p = s.on(p).resend();
        assertTrue(p.message().contains("Too many codes"), p.message());
        Thread.sleep(300);
        assertEquals(3, mails("pia@example.com"), "the fourth send within the hour is refused");
        assertTrue(Json.write(events(id)).contains("gatehouse_send_throttled"));
    }

    @Test
    void userWithoutVerifiedEmailGetsAClearMessage() {
        user("quinn", true, false);
        SignIn s = password(new OidcBrowser("demo-app"), "quinn");
        assertEquals(200, s.page().status());
        assertTrue(s.page().message().contains("no verified email address"), s.page().message());
        assertEquals(0, mails("quinn@example.com"));
    }

    @Test
    void setupActionVerifiesTheAddressAndCreatesTheCredential() throws Exception {
        String id = user("rosa", false, false);
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        // Without email codes rosa signs in with her password only; the app asks for the setup (AIA).
        OidcBrowser.Page p = browser.submit(auth.formAction(), Map.of("username", "rosa", "password", PASSWORD));
        assertTrue(p.redirectsToClient(), p.message());

        OidcBrowser.Authorization setup = browser.authorize(server.baseUrl(), "demo", "kc_action=gatehouse-email-code-setup");
        SignIn s = new SignIn(browser, setup, setup.firstPage());
        OidcBrowser.Page done = s.code(newestCode("rosa@example.com", 1));
        assertTrue(done.redirectsToClient(), done.message());

        assertTrue(realm.users().get(id).toRepresentation().isEmailVerified(), "the code proved the address");
        assertTrue(realm.users().get(id).credentials().stream().anyMatch(c -> "gatehouse-email-code".equals(c.getType())));

        // From now on her sign-ins ask for a code.
        Thread.sleep(2100);
        SignIn next = password(new OidcBrowser("demo-app"), "rosa");
        assertTrue(next.page().hasForm("gatehouse-email-code-form"));
    }

    @Test
    void passwordlessSignInWithACode() throws Exception {
        user("sam", false, true);
        OidcBrowser browser = new OidcBrowser("demo-passwordless");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page address = auth.firstPage();
        OidcBrowser.Page codePage = browser.submit(address.formAction("gatehouse-email-address-form"), Map.of("email", "SAM@example.com "));
        assertTrue(codePage.message().contains("If an account uses this address"), codePage.message());
        OidcBrowser.Page done = browser.submit(codePage.formAction("gatehouse-email-code-form"),
                Map.of("code", newestCode("sam@example.com", 1)));
        assertTrue(done.redirectsToClient(), done.message());
        assertEquals("sam", browser.complete(server.baseUrl(), "demo", auth, done).accessClaims().get("preferred_username").asText());
    }

    @Test
    void passwordlessGivesTheSamePageForUnknownAddressesAndSendsNoMail() throws Exception {
        user("tom", false, true);
        OidcBrowser.Page known = passwordlessCodePage("tom@example.com");
        OidcBrowser.Page unknown = passwordlessCodePage("nobody-here@example.com");

        assertEquals(known.status(), unknown.status());
        assertEquals(known.message(), unknown.message());
        assertEquals(normalize(known.body(), "tom@example.com"), normalize(unknown.body(), "nobody-here@example.com"),
                "the pages differ only in the masked address and per-request tokens");
        newestCode("tom@example.com", 1);
        Thread.sleep(1000);
        assertEquals(0, mails("nobody-here@example.com"), "no mail for an address without an account");

        OidcBrowser.Page guess = new OidcBrowser("demo-passwordless").submit(unknown.formAction("gatehouse-email-code-form"), Map.of("code", "123456"));
        assertFalse(guess.redirectsToClient());
    }

    private OidcBrowser.Page passwordlessCodePage(String address) {
        return passwordlessCodePage("demo", address);
    }

    /** A fresh browser asks realm {@code realmName} for a passwordless code for {@code address}. */
    private static OidcBrowser.Page passwordlessCodePage(String realmName, String address) {
        OidcBrowser browser = new OidcBrowser("demo-passwordless");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), realmName);
        return browser.submit(auth.firstPage().formAction("gatehouse-email-address-form"), Map.of("email", address));
    }

    /** Removes what legitimately differs between two renderings: masked address, session codes, tab ids. */
    static String normalize(String html, String address) {
        return html.replaceAll("[a-z]\\*\\*\\*[a-z]@e\\*\\*\\*\\.com", "ADDRESS")
                .replaceAll("(session_code|execution|tab_id|client_data|kc_locale)=[^&\"]*", "$1=X");
    }

    @Test
    void realmWithoutSmtpGivesAClearMessage() {
        user("uma", true, true);
        Map<String, String> smtp = realm.toRepresentation().getSmtpServer();
        try {
            realm.update(smtpServer(Map.of()));
            SignIn s = password(new OidcBrowser("demo-app"), "uma");
            assertEquals(200, s.page().status());
            assertTrue(s.page().message().contains("no email server"), s.page().message());
            assertFalse(s.page().hasForm("gatehouse-email-code-form"));
        } finally {
            realm.update(smtpServer(smtp));
        }
    }

    /** A realm update that changes the SMTP settings only. */
    static RealmRepresentation smtpServer(Map<String, String> settings) {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setSmtpServer(settings);
        return rep;
    }

    @Test
    void tryAnotherWayOffersTotpAndEmailCodes() {
        user("vera", true, true, true);
        SignIn s = password(new OidcBrowser("demo-app"), "vera");
        assertTrue(s.page().hasForm("gatehouse-email-code-form"), "the first configured alternative is the email code");
        assertTrue(s.page().hasForm("kc-select-try-another-way-form"), "the code page offers 'Try another way'");

        OidcBrowser.Page choices = s.browser().submit(s.page().formAction("kc-select-try-another-way-form"), Map.of("tryAnotherWay", "on"));
        assertEquals(200, choices.status());
        assertTrue(choices.body().contains("Email codes"), "the selection lists email codes by their display name");
        assertTrue(choices.body().contains("Authenticator Application"), "and TOTP");
    }

    @Test
    void aliceHasEmailCodesInTheDemoRealm() {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page p = browser.submit(auth.formAction(), Map.of("username", "alice", "password", "alice"));
        assertTrue(p.hasForm("gatehouse-email-code-form"), "alice's second factor is an email code");
    }
}
