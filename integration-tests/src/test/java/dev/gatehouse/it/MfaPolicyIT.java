package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.TestClock;
import dev.gatehouse.testsupport.Totp;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The MFA policy of the demo realm on the real server (docs/mfa-policy.md): who is asked, the factor choice with each
 * factor to a token, recovery codes after the first factor, the grace counting down and then enforcing, per-client,
 * per-role and per-group rules, the level raised for users who have a second factor, an essential acr, and a
 * malformed policy refused on save. Sign-ins go through OIDC authorization code + PKCE; tokens are checked for
 * {@code acr}. One server for the class.
 */
class MfaPolicyIT {

    static final String PASSWORD = "Passw0rd-mfa";
    static final String ENROL = "gatehouse-mfa-enrol";
    static final String ESSENTIAL_LEVEL_2 = AdminApi.enc("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"2\"]}}}");
    static final Pattern TOTP_SECRET = Pattern.compile("id=\"totpSecret\"[^>]*value=\"([^\"]+)\"");
    static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\"[^>]*name=\"([A-Za-z]+)\"[^>]*value=\"([^\"]*)\"");
    static final AtomicInteger NEXT = new AtomicInteger(100);

    @AutoClose
    static DemoServer demo;
    static KeycloakNode server;
    static RealmResource realm;
    static Path smsOutbox;
    static Map<String, String> demoPolicy;
    static TestClock clock;

    @BeforeAll
    static void start() throws IOException {
        smsOutbox = Files.createTempFile("gatehouse-mfa-it-sms", ".jsonl");
        demo = DemoServer.start("mfa-policy", Map.of(
                "KC_SPI_GATEHOUSE_SMS_SENDER__DEV__ENABLED", "true",
                "KC_SPI_GATEHOUSE_SMS_SENDER__DEV__OUTBOX", smsOutbox.toString()), TestClock.providerDir());
        server = demo.node();
        clock = new TestClock(server.baseUrl());
        realm = server.adminClient().realm("demo");
        demoPolicy = new HashMap<>(realm.flows().getRequiredActionConfig(ENROL).getConfig());
    }

    // ---- who is asked -------------------------------------------------------------------------------------

    @Test
    void aNewUserChoosesAmongEveryOfferedFactorAndEnrolsAnAuthenticatorAppThenGetsRecoveryCodes() {
        policyUser("mfa-tia");
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-tia", null);
        assertTrue(in.page().showingFactorChoice(), describe(in.page()));
        assertEquals(List.of("totp", "passkey", "sms", "email"), in.page().offeredFactors());
        assertTrue(in.page().laterOffered());
        assertTrue(in.page().body().contains("You can postpone this 3 more times."), describe(in.page()));

        OidcBrowser.Page codes = setUpTotp(browser, browser.chooseFactor(in.page(), "totp"));
        assertTrue(codes.hasForm("kc-recovery-codes-settings-form"), "recovery codes right after the factor: " + describe(codes));
        OidcBrowser.Page done = saveRecoveryCodes(browser, codes);
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", in.auth(), done)));
        assertEquals(List.of("otp", "password", "recovery-authn-codes"), credentialTypes("mfa-tia"));
    }

    @Test
    void aNewUserEnrolsEmailCodes() throws Exception {
        policyUser("mfa-una");
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-una", null);
        OidcBrowser.Page codePage = browser.chooseFactor(in.page(), "email");
        assertTrue(codePage.hasForm("gatehouse-email-code-form"), describe(codePage));
        OidcBrowser.Page codes = browser.submit(codePage.formAction("gatehouse-email-code-form"),
                Map.of("code", demo.codeFromMail("mfa-una@example.com", 1)));
        OidcBrowser.Page done = saveRecoveryCodes(browser, browser.follow(codes));
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", in.auth(), done)));
        assertTrue(credentialTypes("mfa-una").contains("gatehouse-email-code"));
    }

    @Test
    void aNewUserEnrolsSmsCodes() throws Exception {
        policyUser("mfa-vic");
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-vic", null);
        OidcBrowser.Page numberPage = browser.chooseFactor(in.page(), "sms");
        String number = String.format(java.util.Locale.ROOT, "+1201555%04d", NEXT.getAndIncrement());
        OidcBrowser.Page codePage = browser.follow(browser.submit(numberPage.formAction("gatehouse-sms-number-form"), Map.of("phone", number)));
        assertTrue(codePage.hasForm("gatehouse-sms-code-form"), describe(codePage));
        OidcBrowser.Page codes = browser.follow(browser.submit(codePage.formAction("gatehouse-sms-code-form"),
                Map.of("code", smsCodeTo(number))));
        OidcBrowser.Page done = saveRecoveryCodes(browser, codes);
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", in.auth(), done)));
        assertTrue(credentialTypes("mfa-vic").contains("gatehouse-sms-code"));
    }

    /**
     * The factor choice in headless Chromium, as a user sees it: the choice page, email codes picked, the code from
     * the mail, Keycloak's recovery codes, and demo-app's code exchanged for a level-2 token. Screenshots
     * mfa-choice.png and mfa-recovery-codes.png (target/screenshots; docs/screenshots holds copies).
     */
    @Test
    void aNewUserChoosesEmailCodesInChromiumThenSavesRecoveryCodes() throws Exception {
        policyUser("mfa-eva");
        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            // A 1000x800 page for the screenshots (the window's size would include the browser's own frame).
            ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1000, "height", 800, "deviceScaleFactor", 1, "mobile", false));
            chromium.openDemoApp(server.baseUrl());
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("mfa-eva");
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("kc-login")).click();

            chromium.waitFor(d -> !d.findElements(By.id("gatehouse-mfa-form")).isEmpty());
            assertEquals(List.of("totp", "passkey", "sms", "email"), driver.findElements(By.name("factor")).stream()
                    .map(e -> e.getDomAttribute("value")).toList());
            assertTrue(driver.findElement(By.id("gatehouse-mfa-later")).isDisplayed(), "grace left: later offered");
            assertTrue(driver.findElement(By.id("gatehouse-mfa-form")).getText().contains("Your device's screen lock"),
                    "the apostrophe is printed (a lone one in the message file vanishes in MessageFormat)");
            chromium.screenshot("mfa-choice");

            driver.findElement(By.id("gatehouse-mfa-email")).click();
            driver.findElement(By.id("gatehouse-mfa-choose")).click();
            chromium.waitFor(d -> !d.findElements(By.id("gatehouse-email-code-form")).isEmpty());
            driver.findElement(By.id("code")).sendKeys(demo.codeFromMail("mfa-eva@example.com", 1));
            driver.findElement(By.id("gatehouse-verify")).click();

            chromium.waitFor(d -> !d.findElements(By.id("kc-recovery-codes-settings-form")).isEmpty());
            List<WebElement> listed = driver.findElements(By.cssSelector("#kc-recovery-codes-list li"));
            assertFalse(listed.isEmpty(), "the recovery codes are listed");
            chromium.screenshot("mfa-recovery-codes");
            driver.findElement(By.id("kcRecoveryCodesConfirmationCheck")).click();
            driver.findElement(By.id("saveRecoveryAuthnCodesBtn")).click();

            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI) && d.getCurrentUrl().contains("code="));
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(driver.getCurrentUrl());
            assertTrue(code.find());
            OidcBrowser.Tokens tokens = new OidcBrowser("demo-app").exchange(server.baseUrl(), "demo",
                    java.net.URLDecoder.decode(code.group(1), java.nio.charset.StandardCharsets.UTF_8), Chromium.VERIFIER);
            assertEquals("2", acr(tokens));
        }
        assertTrue(credentialTypes("mfa-eva").containsAll(List.of("gatehouse-email-code", "recovery-authn-codes")),
                credentialTypes("mfa-eva").toString());
    }

    @Test
    void aUserInTheExemptGroupIsNotAsked() {
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL,
                List.of(Accounts.user("mfa-wes", "mfa-wes@example.com", true, Accounts.password(PASSWORD))));
        OidcBrowser browser = new OidcBrowser("demo-app");
        assertEquals("1", acr(browser.signIn(server.baseUrl(), "demo", "mfa-wes", PASSWORD)));
    }

    // ---- grace ---------------------------------------------------------------------------------------------

    @Test
    void graceCountsDownThreeTwoOneThenEnrolmentIsEnforced() {
        policyUser("mfa-xan");
        for (int left = 3; left >= 1; left--) {
            OidcBrowser browser = new OidcBrowser("demo-app");
            SignIn in = password(browser, "mfa-xan", null);
            assertTrue(in.page().showingFactorChoice(), describe(in.page()));
            String count = left + (left == 1 ? " more time." : " more times.");
            assertTrue(in.page().body().contains("You can postpone this " + count), left + ": " + describe(in.page()));
            OidcBrowser.Page later = browser.postpone(in.page());
            assertEquals("1", acr(browser.complete(server.baseUrl(), "demo", in.auth(), later)), "postponing leaves level 1");
        }
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-xan", null);
        assertTrue(in.page().showingFactorChoice(), describe(in.page()));
        assertFalse(in.page().laterOffered(), "no grace left");
        // Posting "later" anyway changes nothing.
        OidcBrowser.Page refused = browser.postpone(in.page());
        assertTrue(refused.showingFactorChoice(), describe(refused));
        assertTrue(refused.message().contains("no longer be postponed"), refused.message());
        OidcBrowser.Page done = saveRecoveryCodes(browser, setUpTotp(browser, browser.chooseFactor(refused, "totp")));
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", in.auth(), done)));
    }

    /**
     * Grace by date only (no sign-ins by count): until today (UTC) "later" is offered and says until when; on
     * Keycloak's clock past the end of the day it is gone, and enrolment is enforced.
     */
    @Test
    void graceUntilTodayOffersLaterUntilTheDayIsOverThenEnrolmentIsEnforced() throws Exception {
        policyUser("mfa-gus");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        Map<String, String> config = new HashMap<>(demoPolicy);
        config.put("gatehouse.mfa.graceSignIns", "0");
        config.put("gatehouse.mfa.graceUntil", today.toString());
        rep.setConfig(config);
        realm.flows().updateRequiredActionConfig(ENROL, rep);
        try {
            OidcBrowser browser = new OidcBrowser("demo-app");
            SignIn in = password(browser, "mfa-gus", null);
            assertTrue(in.page().showingFactorChoice(), describe(in.page()));
            assertTrue(in.page().laterOffered(), "today is within the grace");
            assertTrue(in.page().body().contains("You can postpone this until " + today + "."), describe(in.page()));
            assertEquals("1", acr(browser.complete(server.baseUrl(), "demo", in.auth(), browser.postpone(in.page()))));

            // Keycloak's clock (Time), not the JVM's: a minute into tomorrow, UTC.
            long toTomorrow = Duration.between(Instant.now(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds() + 60;
            clock.offset((int) toTomorrow);
            OidcBrowser after = new OidcBrowser("demo-app");
            SignIn late = password(after, "mfa-gus", null);
            assertTrue(late.page().showingFactorChoice(), describe(late.page()));
            assertFalse(late.page().laterOffered(), "the grace ended with " + today);
            OidcBrowser.Page refused = after.postpone(late.page());
            assertTrue(refused.showingFactorChoice(), describe(refused));
            assertTrue(refused.message().contains("no longer be postponed"), refused.message());
            OidcBrowser.Page codePage = after.chooseFactor(refused, "email");
            assertTrue(codePage.hasForm("gatehouse-email-code-form"), describe(codePage));
            OidcBrowser.Page codes = after.submit(codePage.formAction("gatehouse-email-code-form"),
                    Map.of("code", demo.codeFromMail("mfa-gus@example.com", 1)));
            OidcBrowser.Page done = saveRecoveryCodes(after, after.follow(codes));
            assertEquals("2", acr(after.complete(server.baseUrl(), "demo", late.auth(), done)));
        } finally {
            clock.offset(0);
            rep.setConfig(demoPolicy);
            realm.flows().updateRequiredActionConfig(ENROL, rep);
        }
        assertEquals(demoPolicy, realm.flows().getRequiredActionConfig(ENROL).getConfig(), "the demo policy is restored");
    }

    @Test
    void anEssentialLevelTwoEnforcesEnrolmentWhileGraceIsLeft() {
        policyUser("mfa-yul");
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-yul", "claims=" + ESSENTIAL_LEVEL_2);
        assertTrue(in.page().showingFactorChoice(), describe(in.page()));
        assertFalse(in.page().laterOffered(), "a client demanding level 2 gets no postponed enrolment");
        OidcBrowser.Page done = saveRecoveryCodes(browser, setUpTotp(browser, browser.chooseFactor(in.page(), "totp")));
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", in.auth(), done)));
    }

    // ---- per client, role, group ----------------------------------------------------------------------------

    @Test
    void aRequiredClientRoleOrGroupWinsOverTheExemption() {
        realm.roles().create(role("mfa-auditor"));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(
                Accounts.user("mfa-zed", "mfa-zed@example.com", true, Accounts.password(PASSWORD)),
                withRole(Accounts.user("mfa-ada", "mfa-ada@example.com", true, Accounts.password(PASSWORD)), "mfa-auditor"),
                inGroups(Accounts.user("mfa-ben", "mfa-ben@example.com", true, Accounts.password(PASSWORD)), "/mfa-exempt", "/admins")));

        assertTrue(password(new OidcBrowser("demo-app"), "mfa-ben", null).page().showingFactorChoice(),
                "/admins requires MFA although the user is also in /mfa-exempt");
        assertTrue(password(new OidcBrowser("demo-app"), "mfa-ada", null).page().redirectsToClient(),
                "the role asks nothing until the policy names it");

        withPolicy(Map.of("gatehouse.mfa.requiredClients", "demo-app", "gatehouse.mfa.requiredRoles", "mfa-auditor"), () -> {
            assertTrue(password(new OidcBrowser("demo-app"), "mfa-zed", null).page().showingFactorChoice(),
                    "a required client wins over the exempt group");
        });
        withPolicy(Map.of("gatehouse.mfa.requiredRoles", "mfa-auditor"), () -> {
            assertTrue(password(new OidcBrowser("demo-app"), "mfa-ada", null).page().showingFactorChoice(),
                    "a required role wins over the exempt group");
            assertTrue(password(new OidcBrowser("demo-app"), "mfa-zed", null).page().redirectsToClient(),
                    "other exempt users are not asked");
        });
    }

    // ---- level raised ---------------------------------------------------------------------------------------

    @Test
    void aUserWithASecondFactorAskingForLevelOneIsRaisedToLevelTwo() {
        String secret = "JBSWY3DPEHPK3PXP";
        UserRepresentation rep = Accounts.underMfaPolicy(Accounts.user("mfa-cal", "mfa-cal@example.com", true,
                Accounts.password(PASSWORD), Accounts.totp("phone", secret)));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(rep));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(Accounts.user("mfa-dee", "mfa-dee@example.com",
                true, Accounts.password(PASSWORD), Accounts.totp("phone", secret))));

        // Exempt: acr_values=1 is met by the password alone.
        OidcBrowser exempt = new OidcBrowser("demo-app");
        SignIn free = password(exempt, "mfa-dee", "acr_values=1");
        assertTrue(free.page().redirectsToClient(), describe(free.page()));

        // Under the policy: the same request asks for the code, and the session reaches level 2.
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-cal", "acr_values=1");
        assertTrue(in.page().hasForm("kc-otp-login-form"), "the policy asks for the second factor: " + describe(in.page()));
        OidcBrowser.Page done = browser.submit(in.page().formAction("kc-otp-login-form"), Map.of("otp", Totp.code(secret)));
        assertEquals("1", acr(browser.complete(server.baseUrl(), "demo", in.auth(), done)), "the token names what was asked");
        OidcBrowser.Authorization sso = browser.authorize(server.baseUrl(), "demo", "acr_values=2");
        assertTrue(sso.code() != null, "the session already reached level 2: SSO answers acr_values=2 at once");
        assertEquals("2", acr(browser.exchange(server.baseUrl(), "demo", sso.code(), sso.verifier())));
    }

    // ---- config ---------------------------------------------------------------------------------------------

    @Test
    void aMalformedPolicyIsRefusedWith400NamingTheOption() {
        AdminApi admin = new AdminApi(server.baseUrl(), () -> server.adminClient().tokenManager().getAccessTokenString());
        for (Map.Entry<String, String> bad : Map.of(
                "gatehouse.mfa.graceSignIns", "lots",
                "gatehouse.mfa.factors", "totp##fax",
                "gatehouse.mfa.idpTrust", "microsoft=always",
                "gatehouse.mfa.graceUntil", "2026-02-30").entrySet()) {
            Map<String, String> config = new LinkedHashMap<>(demoPolicy);
            config.put(bad.getKey(), bad.getValue());
            HttpResponse<String> r = admin.call("PUT", "/realms/demo/authentication/required-actions/" + ENROL + "/config",
                    Map.of("config", config));
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains(bad.getKey()), "names the option: " + r.body());
            assertFalse(r.body().contains("Exception"), r.body());
        }
        assertEquals(demoPolicy, realm.flows().getRequiredActionConfig(ENROL).getConfig(), "the policy is unchanged");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    record SignIn(OidcBrowser.Authorization auth, OidcBrowser.Page page) {
    }

    /** Authorization request (with optional extra parameters) and the password form; the page after it. */
    static SignIn password(OidcBrowser browser, String username, String extraQuery) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", extraQuery);
        assertNull(auth.code(), "expected the login form");
        OidcBrowser.Page page = browser.follow(browser.submit(auth.formAction(),
                Map.of("username", username, "password", PASSWORD, "credentialId", "")));
        return new SignIn(auth, page);
    }

    /** A user with a password only, not exempt: the demo policy applies. */
    static void policyUser(String name) {
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL,
                List.of(Accounts.underMfaPolicy(Accounts.user(name, name + "@example.com", true, Accounts.password(PASSWORD)))));
    }

    static UserRepresentation withRole(UserRepresentation user, String role) {
        user.setRealmRoles(List.of("default-roles-demo", role));
        return user;
    }

    static UserRepresentation inGroups(UserRepresentation user, String... groups) {
        user.setGroups(List.of(groups));
        return user;
    }

    static RoleRepresentation role(String name) {
        RoleRepresentation r = new RoleRepresentation();
        r.setName(name);
        return r;
    }

    /** Keycloak's TOTP setup page: reads its secret and answers with the current code. */
    static OidcBrowser.Page setUpTotp(OidcBrowser browser, OidcBrowser.Page setup) {
        Matcher secret = TOTP_SECRET.matcher(setup.body());
        assertTrue(secret.find(), "the TOTP setup page: " + describe(setup));
        return browser.follow(browser.submit(setup.formAction("kc-totp-settings-form"),
                Map.of("totp", Totp.code(secret.group(1)), "totpSecret", secret.group(1), "userLabel", "phone")));
    }

    /** Keycloak's recovery codes page: saves the codes it generated. */
    static OidcBrowser.Page saveRecoveryCodes(OidcBrowser browser, OidcBrowser.Page page) {
        assertTrue(page.hasForm("kc-recovery-codes-settings-form"), "the recovery codes page: " + describe(page));
        Map<String, String> form = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            form.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""));
        }
        assertTrue(form.containsKey("generatedRecoveryAuthnCodes"), form.toString());
        form.put("kcRecoveryCodesConfirmationCheck", "on");
        OidcBrowser.Page done = browser.follow(browser.submit(page.formAction("kc-recovery-codes-settings-form"), form));
        assertTrue(done.redirectsToClient(), describe(done));
        return done;
    }

    /** The code in the newest text message to this number in the dev sender's outbox. */
    static String smsCodeTo(String number) throws Exception {
        Pattern code = Pattern.compile("(\\d{6,8})");
        for (int i = 0; i < 100; i++) {
            List<String> lines = Files.readAllLines(smsOutbox);
            for (int j = lines.size() - 1; j >= 0; j--) {
                var line = Json.parse(lines.get(j));
                if (number.equals(line.get("to").asText())) {
                    Matcher m = code.matcher(line.get("body").asText());
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no text message to " + number);
    }

    /** Runs {@code body} with these policy options over the demo policy, then restores it. */
    static void withPolicy(Map<String, String> changes, Runnable body) {
        Map<String, String> config = new HashMap<>(demoPolicy);
        config.putAll(changes);
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(config);
        realm.flows().updateRequiredActionConfig(ENROL, rep);
        try {
            body.run();
        } finally {
            rep.setConfig(demoPolicy);
            realm.flows().updateRequiredActionConfig(ENROL, rep);
        }
    }

    static List<String> credentialTypes(String username) {
        return realm.users().get(Accounts.id(realm, username)).credentials().stream()
                .map(CredentialRepresentation::getType).sorted().toList();
    }

    static String acr(OidcBrowser.Tokens tokens) {
        return Json.claims(tokens.idToken()).get("acr").asText();
    }

    static String describe(OidcBrowser.Page page) {
        if (page.response() != null && page.status() != 200) {
            return page.status() + " " + page.response().headers().firstValue("Location").orElse("");
        }
        List<String> forms = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<form\\b[^>]*\\bid=\"([^\"]+)\"").matcher(page.body());
        while (m.find()) {
            forms.add(m.group(1));
        }
        return "forms " + forms + " " + page.message();
    }

    // ---- SSO sign-ins (the SSO cookie answers before the forms sub-flow: gatehouse-mfa-sso) ------------------

    /**
     * Signs in at level 1 to demo-app, which the policy exempts; then the same browser opens demo-passwordless,
     * which the policy requires MFA for. Before gatehouse-mfa-sso the SSO cookie answered at once with acr 1.
     */
    @Test
    void ssoToARequiredClientAsksTheSecondFactorOfAUserWhoHasOne() {
        String secret = "KRSXG5CTMVRXEZLU";
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(Accounts.underMfaPolicy(Accounts.user(
                "mfa-sso-eve", "mfa-sso-eve@example.com", true, Accounts.password(PASSWORD), Accounts.totp("phone", secret)))));
        withPolicy(Map.of("gatehouse.mfa.exemptClients", "demo-app"), () -> {
            OidcBrowser browser = new OidcBrowser("demo-app");
            SignIn in = password(browser, "mfa-sso-eve", "acr_values=1");
            assertTrue(in.page().redirectsToClient(), "demo-app is exempt: " + describe(in.page()));
            assertEquals("1", acr(browser.complete(server.baseUrl(), "demo", in.auth(), in.page())));
            OidcBrowser.Authorization again = browser.authorize(server.baseUrl(), "demo", "acr_values=1");
            assertTrue(again.code() != null, "SSO to the exempt client itself is unchanged: no prompt");

            OidcBrowser other = browser.asClient("demo-passwordless");
            OidcBrowser.Authorization sso = other.authorize(server.baseUrl(), "demo");
            assertNull(sso.code(), "the SSO cookie must not answer a client that requires MFA at level 1");
            assertTrue(sso.firstPage().hasForm("kc-otp-login-form"), "asks the second factor: " + describe(sso.firstPage()));
            OidcBrowser.Page done = other.submit(sso.firstPage().formAction("kc-otp-login-form"), Map.of("otp", Totp.code(secret)));
            assertTrue(done.redirectsToClient(), describe(done));
            assertEquals("2", acr(other.complete(server.baseUrl(), "demo", sso, done)),
                    "the client asked for no level: Keycloak names the level reached");

            OidcBrowser.Authorization level2 = browser.authorize(server.baseUrl(), "demo", "acr_values=2");
            assertTrue(level2.code() != null, "the session reached level 2: SSO answers acr_values=2 at once");
            assertEquals("2", acr(browser.exchange(server.baseUrl(), "demo", level2.code(), level2.verifier())));
        });
    }

    @Test
    void ssoToARequiredClientShowsTheEnrolmentChoiceToAUserWithoutASecondFactor() {
        policyUser("mfa-sso-fay");
        withPolicy(Map.of("gatehouse.mfa.exemptClients", "demo-app"), () -> {
            OidcBrowser browser = new OidcBrowser("demo-app");
            SignIn in = password(browser, "mfa-sso-fay", null);
            assertTrue(in.page().redirectsToClient(), "demo-app is exempt: " + describe(in.page()));
            assertEquals("1", acr(browser.complete(server.baseUrl(), "demo", in.auth(), in.page())));

            OidcBrowser other = browser.asClient("demo-passwordless");
            OidcBrowser.Authorization sso = other.authorize(server.baseUrl(), "demo");
            assertNull(sso.code(), "the SSO cookie must not answer a client that requires MFA at level 1");
            assertTrue(sso.firstPage().showingFactorChoice(), "the enrolment choice: " + describe(sso.firstPage()));
            assertTrue(sso.firstPage().laterOffered(), "grace left");
            OidcBrowser.Page later = other.postpone(sso.firstPage());
            assertEquals("1", acr(other.complete(server.baseUrl(), "demo", sso, later)), "postponing leaves level 1");
        });
    }

    @Test
    void ssoOfAUserThePolicyDoesNotAskIsUnchangedPromptLoginSignsInAgainAndABadCookieStartsOver() {
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(Accounts.user("mfa-sso-gus",
                "mfa-sso-gus@example.com", true, Accounts.password(PASSWORD), Accounts.totp("phone", "MFRGGZDFMZTWQ2LK"))));
        OidcBrowser browser = new OidcBrowser("demo-app");
        SignIn in = password(browser, "mfa-sso-gus", "acr_values=1");
        assertTrue(in.page().redirectsToClient(), "exempt group: " + describe(in.page()));
        OidcBrowser.Tokens first = browser.complete(server.baseUrl(), "demo", in.auth(), in.page());
        OidcBrowser other = browser.asClient("demo-passwordless");
        OidcBrowser.Authorization sso = other.authorize(server.baseUrl(), "demo");
        assertTrue(sso.code() != null, "no prompt for a user the policy exempts");
        assertEquals("1", acr(other.exchange(server.baseUrl(), "demo", sso.code(), sso.verifier())));

        OidcBrowser.Authorization login = browser.authorize(server.baseUrl(), "demo", "acr_values=1&prompt=login");
        assertNull(login.code(), "prompt=login signs in again");
        assertTrue(login.firstPage().hasForm("kc-form-login"), describe(login.firstPage()));

        // The cookie of a session that has ended, and a forged one: the sign-in starts over, no error.
        assertEquals(204, browser.logout(server.baseUrl(), "demo", first.refreshToken()).statusCode());
        OidcBrowser.Authorization ended = other.authorize(server.baseUrl(), "demo");
        assertTrue(ended.code() == null && ended.formAction() != null, "a form after the session ended");
        OidcBrowser forged = new OidcBrowser("demo-passwordless");
        forged.setCookie(server.baseUrl() + "/realms/demo/", "KEYCLOAK_IDENTITY", "not.a.token", "/realms/demo/");
        OidcBrowser.Authorization fresh = forged.authorize(server.baseUrl(), "demo");
        assertTrue(fresh.code() == null && fresh.formAction() != null, "a form with a forged cookie");
    }
}
