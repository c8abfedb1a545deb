package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.TestClock;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Keycloak's own features as the demo realm configures them (docs/sessions-and-factors.md): TOTP and recovery
 * codes as second factors, sessions of 8 h with offline tokens of 7 days and rotating refresh tokens, "sign out all
 * devices" through the account REST API, and the password reset link (1 h, once, ending every session).
 */
class BuiltInsIT {

    static final int HOUR = 3600;
    static final int DAY = 86_400;
    static final String PASSWORD = "Correct-Horse-7";
    static final String OTP_FORM = "kc-otp-login-form";
    static final String RECOVERY_FORM = "kc-recovery-code-login-form";
    static final String RECOVERY_SETUP_FORM = "kc-recovery-codes-settings-form";
    static final String UPDATE_PASSWORD_FORM = "kc-passwd-update-form";
    static final String OFFLINE = "scope=" + "openid%20offline_access";
    static final Pattern RESET_LINK = Pattern.compile("href=\"([^\"]*/login-actions/reset-credentials[^\"]*)\"");
    static final Pattern MAILED_LINK = Pattern.compile("(https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

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
    }

    @AfterEach
    void realTime() {
        clock.offset(0);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    // ---- users and sign-ins ----------------------------------------------------------------------------------

    /**
     * A user with a password (and these further credentials), holding the realm's default roles: an imported user
     * has none, and offline tokens need {@code offline_access}, the account API {@code manage-account}.
     */
    static void user(String name, CredentialRepresentation... more) {
        List<CredentialRepresentation> credentials = new ArrayList<>(List.of(Accounts.password(PASSWORD)));
        credentials.addAll(List.of(more));
        UserRepresentation user = Accounts.user(name, name + "@example.com", true, credentials.toArray(CredentialRepresentation[]::new));
        user.setRealmRoles(List.of("default-roles-demo"));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(user));
    }

    /** Authorization request, then the username and password; returns the page after the password. */
    static OidcBrowser.Page password(OidcBrowser browser, OidcBrowser.Authorization auth, String name) {
        return browser.submit(auth.formAction(), Map.of("username", name, "password", PASSWORD, "credentialId", ""));
    }

    /** A sign-in with the password only (the user has no second factor); {@code extraQuery} e.g. {@link #OFFLINE}. */
    static OidcBrowser.Tokens signIn(OidcBrowser browser, String name, String extraQuery) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", extraQuery);
        OidcBrowser.Page done = password(browser, auth, name);
        assertTrue(done.redirectsToClient(), "signed in: " + done.message());
        return browser.complete(server.baseUrl(), "demo", auth, done);
    }

    static String acr(OidcBrowser.Tokens tokens) {
        return Json.claims(tokens.idToken()).get("acr").asText();
    }

    static HttpResponse<String> refresh(OidcBrowser browser, String refreshToken) {
        return browser.refresh(server.baseUrl(), "demo", refreshToken);
    }

    static String refreshed(OidcBrowser browser, String refreshToken) {
        HttpResponse<String> r = refresh(browser, refreshToken);
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body()).get("refresh_token").asText();
    }

    static void refused(OidcBrowser browser, String refreshToken, String why) {
        HttpResponse<String> r = refresh(browser, refreshToken);
        assertEquals(400, r.statusCode(), why + ": " + r.body());
        assertEquals("invalid_grant", Json.parse(r.body()).get("error").asText(), why);
    }

    static String hidden(OidcBrowser.Page page, String name) {
        Matcher m = Pattern.compile("<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(page.body());
        assertTrue(m.find(), "no hidden input " + name + " on the page");
        return m.group(1);
    }

    // ---- factors ---------------------------------------------------------------------------------------------

    @Test
    void totpIsASecondFactorToLevelTwo() {
        user("bi-tom", Accounts.totp("phone", TrustedDeviceIT.TOTP_SECRET));
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page otp = password(browser, auth, "bi-tom");
        assertTrue(otp.hasForm(OTP_FORM), "the TOTP page follows the password: " + otp.message());
        OidcBrowser.Page done = browser.submit(otp.formAction(OTP_FORM), Map.of("otp", TrustedDeviceIT.totp(TrustedDeviceIT.TOTP_SECRET)));
        assertTrue(done.redirectsToClient(), done.message());
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", auth, done)));
    }

    @Test
    void levelThreeWithoutAPasskeyIsAWishNotMetOrARefusedDemand() {
        // A TOTP user has no passkey: "passkey available" skips level 3.
        user("bi-tia", Accounts.totp("phone", TrustedDeviceIT.TOTP_SECRET));
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization wish = browser.authorize(server.baseUrl(), "demo", "acr_values=3");
        OidcBrowser.Page otp = password(browser, wish, "bi-tia");
        OidcBrowser.Page done = browser.submit(otp.formAction(OTP_FORM), Map.of("otp", TrustedDeviceIT.totp(TrustedDeviceIT.TOTP_SECRET)));
        assertTrue(done.redirectsToClient(), done.message());
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", wish, done)), "a wish for 3 gets the level reached");

        // The same session, demanding level 3: refused without a code, as for any level the user cannot reach.
        OidcBrowser.Page refused = browser.get(server.baseUrl() + "/realms/demo/protocol/openid-connect/auth?response_type=code"
                + "&scope=openid&client_id=demo-app&state=s1&redirect_uri=" + AdminApi.enc(OidcBrowser.REDIRECT_URI)
                + "&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&claims=" + AdminApi.enc("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"3\"]}}}"));
        assertFalse(refused.redirectsToClient(), "no code for a demanded level 3 without a passkey");
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("Authentication requirements not fulfilled"), refused.message());
    }

    @Test
    void recoveryCodeIsASecondFactorAndWorksOnce() {
        user("bi-rosa");
        // Keycloak's recovery-codes action, as the account console starts it (application-initiated action).
        OidcBrowser setup = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = setup.authorize(server.baseUrl(), "demo", "kc_action=CONFIGURE_RECOVERY_AUTHN_CODES");
        // Keycloak redirects to its required-action page once the sign-in is done.
        OidcBrowser.Page page = setup.follow(password(setup, auth, "bi-rosa"));
        assertTrue(page.hasForm(RECOVERY_SETUP_FORM), "the codes are shown: " + page.message());
        String generated = hidden(page, "generatedRecoveryAuthnCodes");
        List<String> codes = List.of(generated.split(","));
        assertEquals(12, codes.size(), "Keycloak 26.7 makes 12 codes (RecoveryAuthnCodesUtils.QUANTITY_OF_CODES_TO_GENERATE)");
        OidcBrowser.Page saved = setup.follow(setup.submit(page.formAction(RECOVERY_SETUP_FORM), Map.of(
                "generatedRecoveryAuthnCodes", generated, "generatedAt", hidden(page, "generatedAt"),
                "userLabel", hidden(page, "userLabel"))));
        assertTrue(saved.redirectsToClient(), saved.message());

        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization signIn = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page ask = password(browser, signIn, "bi-rosa");
        assertTrue(ask.hasForm(RECOVERY_FORM), "a recovery code is the second factor: " + ask.message());
        OidcBrowser.Page done = browser.submit(ask.formAction(RECOVERY_FORM), Map.of("recoveryCodeInput", codes.get(0)));
        assertTrue(done.redirectsToClient(), done.message());
        assertEquals("2", acr(browser.complete(server.baseUrl(), "demo", signIn, done)));

        OidcBrowser again = new OidcBrowser("demo-app");
        OidcBrowser.Page second = password(again, again.authorize(server.baseUrl(), "demo"), "bi-rosa");
        OidcBrowser.Page reused = again.submit(second.formAction(RECOVERY_FORM), Map.of("recoveryCodeInput", codes.get(0)));
        assertFalse(reused.redirectsToClient(), "a used recovery code is refused");
        assertTrue(reused.hasForm(RECOVERY_FORM), "and asked again: " + reused.message());
    }

    // ---- sessions --------------------------------------------------------------------------------------------

    @Test
    void refreshTokenNeverOutlivesTheEightHourSession() {
        user("bi-sam");
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens tokens = signIn(browser, "bi-sam", null);
        clock.offset(4 * HOUR);
        String later = refreshed(browser, tokens.refreshToken());
        clock.offset(8 * HOUR - 5 * 60);
        String last = refreshed(browser, later);
        clock.offset(8 * HOUR + 5 * 60);
        refused(browser, last, "the SSO session ended 8 h after sign-in, though it was in use");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        assertTrue(auth.code() == null, "and the browser must sign in again");
    }

    @Test
    void usedRefreshTokenIsRefused() {
        user("bi-rob");
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens tokens = signIn(browser, "bi-rob", null);
        String next = refreshed(browser, tokens.refreshToken());
        assertNotEquals(tokens.refreshToken(), next, "each refresh hands out a new refresh token");
        refused(browser, tokens.refreshToken(), "rotation: the first refresh token was used");
    }

    @Test
    void offlineTokenLastsSevenDays() {
        user("bi-olga");
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens tokens = signIn(browser, "bi-olga", OFFLINE);
        assertEquals("Offline", Json.claims(tokens.refreshToken()).get("typ").asText());
        clock.offset(7 * DAY - 60);
        String next = refreshed(browser, tokens.refreshToken());
        clock.offset(7 * DAY + 60);
        refused(browser, next, "the offline session ends 7 days after sign-in");
    }

    @Test
    void signOutAllDevicesEndsEverySession() throws Exception {
        user("bi-dev");
        OidcBrowser laptop = new OidcBrowser("demo-app");
        OidcBrowser phone = new OidcBrowser("demo-app");
        OidcBrowser app = new OidcBrowser("demo-app");
        OidcBrowser.Tokens onLaptop = signIn(laptop, "bi-dev", null);
        OidcBrowser.Tokens onPhone = signIn(phone, "bi-dev", null);
        OidcBrowser.Tokens offline = signIn(app, "bi-dev", OFFLINE);

        // The account console's "Sign out all devices" (Device activity) is this call of the account REST API.
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/demo/account/sessions?current=true"))
                        // with JSON accepted Keycloak routes /account to its REST API, not to the console's page
                        .header("Authorization", "Bearer " + onLaptop.accessToken()).header("Accept", "application/json")
                        .DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());

        refused(laptop, onLaptop.refreshToken(), "the laptop's session ended");
        refused(phone, onPhone.refreshToken(), "the phone's session ended");
        refused(app, offline.refreshToken(), "the offline session ended");
        assertTrue(phone.authorize(server.baseUrl(), "demo").code() == null, "the phone must sign in again");
    }

    // ---- password reset --------------------------------------------------------------------------------------

    /** "Forgot password?" on the login page, for this user; returns the mailed link. */
    static String requestResetLink(String name) throws Exception {
        String address = name + "@example.com";
        int before = demo.mailsTo(address);
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        Matcher link = RESET_LINK.matcher(auth.page());
        assertTrue(link.find(), "the login page links to the password reset");
        OidcBrowser.Page form = browser.get(URI.create(server.baseUrl()).resolve(link.group(1).replace("&amp;", "&")).toString());
        OidcBrowser.Page sent = browser.submit(form.formAction("kc-reset-password-form"), Map.of("username", name));
        assertFalse(sent.redirectsToClient(), sent.message());
        long deadline = System.currentTimeMillis() + 15_000;
        while (demo.mailsTo(address) <= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        MimeMessage[] mails = demo.mail().getReceivedMessagesForDomain(address);
        assertEquals(before + 1, mails.length, "one reset mail");
        Matcher mailed = MAILED_LINK.matcher(text(mails[mails.length - 1].getContent()));
        assertTrue(mailed.find(), "the mail holds the link");
        return mailed.group(1).replace("&amp;", "&");
    }

    static String text(Object content) throws Exception {
        if (content instanceof Multipart parts) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                all.append(text(part.getContent())).append('\n');
            }
            return all.toString();
        }
        return String.valueOf(content);
    }

    /** Opens the link in a browser of its own; returns the page it leads to. */
    static OidcBrowser.Page open(String link) {
        OidcBrowser browser = new OidcBrowser("demo-app");
        return browser.follow(browser.get(link));
    }

    @Test
    void passwordResetLinkWorksOnceAndEndsEverySession() throws Exception {
        user("bi-rita");
        OidcBrowser laptop = new OidcBrowser("demo-app");
        OidcBrowser.Tokens onLaptop = signIn(laptop, "bi-rita", null);
        OidcBrowser app = new OidcBrowser("demo-app");
        OidcBrowser.Tokens offline = signIn(app, "bi-rita", OFFLINE);

        String link = requestResetLink("bi-rita");
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Page update = browser.follow(browser.get(link));
        assertTrue(update.hasForm(UPDATE_PASSWORD_FORM), "the link asks for a new password: " + update.message());
        // Keycloak's page has a "sign out from other devices" box, unticked: the reset ends the sessions anyway.
        OidcBrowser.Page done = browser.submit(update.formAction(UPDATE_PASSWORD_FORM),
                Map.of("password-new", "New-Horse-8", "password-confirm", "New-Horse-8"));
        assertFalse(done.redirectsToClient(), "force-login: the reset does not sign the user in");

        refused(laptop, onLaptop.refreshToken(), "the laptop's session ended with the reset");
        refused(app, offline.refreshToken(), "the offline session ended with the reset");
        assertFalse(open(link).hasForm(UPDATE_PASSWORD_FORM), "the link works once");

        OidcBrowser fresh = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = fresh.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page signedIn = fresh.submit(auth.formAction(),
                Map.of("username", "bi-rita", "password", "New-Horse-8", "credentialId", ""));
        assertTrue(signedIn.redirectsToClient(), "the new password signs in: " + signedIn.message());
    }

    @Test
    void passwordResetLinkLastsOneHour() throws Exception {
        user("bi-hal");
        String expiring = requestResetLink("bi-hal");
        clock.offset(HOUR + 60);
        assertFalse(open(expiring).hasForm(UPDATE_PASSWORD_FORM), "an hour and a minute later the link is refused");

        clock.offset(0);
        String fresh = requestResetLink("bi-hal");
        clock.offset(HOUR - 60);
        assertTrue(open(fresh).hasForm(UPDATE_PASSWORD_FORM), "59 minutes later it still works");
    }

    // ---- passkeys in Chromium --------------------------------------------------------------------------------

    /** The username form: name and password typed. */
    static void typePassword(Chromium chromium, String name) throws Exception {
        WebDriver driver = chromium.driver();
        chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();
    }

    @Test
    void passkeyRegisteredInChromiumSignsInAtLevelThree() throws Exception {
        user("bi-pia");
        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            // A platform authenticator with user verification (a phone's or laptop's biometrics), as CDP's WebAuthn domain makes it.
            VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                    .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                    .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                    .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));

            // Register: Keycloak's passkey action, as the account console starts it.
            chromium.openDemoApp(server.baseUrl(), "kc_action=webauthn-register-passwordless");
            typePassword(chromium, "bi-pia");
            chromium.waitFor(d -> !d.findElements(By.id("registerWebAuthn")).isEmpty());
            chromium.screenshot("passkey-register");
            driver.findElement(By.id("registerWebAuthn")).click();
            chromium.waitFor(d -> ExpectedConditions.alertIsPresent().apply(d) != null);
            driver.switchTo().alert().sendKeys("Laptop");
            driver.switchTo().alert().accept();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI));
            assertEquals(1, authenticator.getCredentials().size(), "one passkey on the authenticator");
            assertTrue(authenticator.getCredentials().get(0).isResidentCredential(), "a discoverable credential");

            // Sign in afresh asking for level 3. The username form offers the passkey through autofill (conditional
            // UI), and the virtual authenticator answers at once, as a user picking it would: that completes the
            // username form, the first factor. Level 2 then asks for a second factor: the passkey again (the user's
            // only one), which also makes level 3. The password is never typed.
            ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Network.clearBrowserCookies", Map.of());
            chromium.openDemoApp(server.baseUrl(), "acr_values=3");
            chromium.waitFor(d -> !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty());
            assertEquals("bi-pia", driver.findElement(By.id("kc-attempted-username")).getDomProperty("value"),
                    "the passkey on the username form named the user");
            chromium.screenshot("passkey-authenticate");
            driver.findElement(By.id("authenticateWebAuthnButton")).click();
            chromium.passTrustPage();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI) && d.getCurrentUrl().contains("code="));
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(driver.getCurrentUrl());
            assertTrue(code.find());
            OidcBrowser.Tokens tokens = new OidcBrowser("demo-app").exchange(server.baseUrl(), "demo",
                    java.net.URLDecoder.decode(code.group(1), java.nio.charset.StandardCharsets.UTF_8), Chromium.VERIFIER);
            assertEquals("3", acr(tokens), "a passkey proven in this session is level 3");
        }
    }
}
