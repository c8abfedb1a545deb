package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The deployable set (dist/target/providers) in a stock server that imports realm-config/demo-realm.json with
 * --import-realm, as ./dev.sh and docker-compose do, with a real SMTP server behind the realm.
 */
class DemoRealmIT {

    static DemoServer demo;
    static KeycloakNode server;
    static GreenMail mail;

    @BeforeAll
    static void start() {
        demo = DemoServer.start("demo");
        server = demo.node();
        mail = demo.mail();
        DemoUsers.bobWithPasswordOnly(server.adminClient().realm("demo"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void bobSignsInThroughPkce() {
        OidcBrowser.Tokens tokens = new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        JsonNode claims = tokens.accessClaims();
        assertEquals("bob", claims.get("preferred_username").asText());
        assertEquals("bob@example.com", claims.get("email").asText());
        assertTrue(claims.get("email_verified").asBoolean());
        assertEquals("demo-app", claims.get("azp").asText());
    }

    @Test
    void wrongPasswordGetsNoCode() {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        HttpResponse<String> r = browser.post(auth.formAction(), Map.of("username", "alice", "password", "wrong"));
        assertEquals(200, r.statusCode(), "the login form is shown again");
        assertTrue(r.body().contains("Invalid username or password"), "a readable error, not a stack trace");
    }

    @Test
    void demoAppRefusesAuthorizationWithoutPkce() throws Exception {
        String url = server.baseUrl() + "/realms/demo/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=demo-app"
                + "&redirect_uri=" + URLEncoder.encode(OidcBrowser.REDIRECT_URI, StandardCharsets.UTF_8) + "&state=s1";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("error=invalid_request"), location);
        assertFalse(location.contains("code="), location);
    }

    @Test
    void importResolvesPlaceholdersAndUsesThePackTheme() {
        JsonNode realm = server.admin().get("/realms/demo");
        assertEquals("gatehouse", realm.get("loginTheme").asText());
        assertEquals("gatehouse", realm.get("emailTheme").asText());
        assertEquals(String.valueOf(demo.smtpPort()), realm.get("smtpServer").get("port").asText());
        // Keycloak's own "${role_…}" message keys stay; none of the realm file's ${GATEHOUSE_…} placeholders may.
        assertFalse(realm.toString().contains("${GATEHOUSE"), "no unresolved placeholder left in the realm");
    }

    @Test
    void realmMailReachesTheSmtpServer() throws Exception {
        AdminApi admin = server.admin();
        String alice = admin.userId("demo", "alice");
        HttpResponse<String> r = admin.call("PUT", "/realms/demo/users/" + alice + "/execute-actions-email", List.of("UPDATE_PASSWORD"));
        assertEquals(204, r.statusCode(), r.body());
        assertTrue(mail.waitForIncomingEmail(15_000, 1), "no mail arrived");
        MimeMessage m = mail.getReceivedMessages()[0];
        assertEquals("alice@example.com", m.getAllRecipients()[0].toString());
    }

    @Test
    void aliceSignsInToDemoAppWithAnEmailCodeThenReachesTheAccountConsoleInChromium() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            int before = mail.getReceivedMessagesForDomain("alice@example.com").length;
            // demo-app asks for level 2 by default (docs/levels-of-authentication.md): password, then the code.
            chromium.openDemoApp(server.baseUrl());
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("alice");
            driver.findElement(By.id("password")).sendKeys("alice");
            chromium.screenshot("demo-login-page");
            driver.findElement(By.id("kc-login")).click();

            chromium.waitFor(d -> !d.findElements(By.id("gatehouse-email-code-form")).isEmpty());
            assertTrue(driver.getPageSource().contains("a***e@e***.com"));
            assertEquals("one-time-code", driver.findElement(By.id("code")).getDomAttribute("autocomplete"));
            assertFalse(driver.findElement(By.id("gatehouse-resend")).isEnabled(), "resend waits for the cooldown");
            chromium.screenshot("email-code-page");

            driver.findElement(By.id("code")).sendKeys(demo.codeFromMail("alice@example.com", before + 1));
            driver.findElement(By.id("gatehouse-verify")).click();
            chromium.passTrustPage();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI) && d.getCurrentUrl().contains("code="));

            // The two-factor session answers the account console without a form.
            driver.get(server.baseUrl() + "/realms/demo/account");
            // The account console (a React app) fills the personal-info form from the signed-in user's profile.
            chromium.waitFor(d -> d.findElements(By.id("email")).stream()
                    .anyMatch(e -> "alice@example.com".equals(e.getDomProperty("value"))));
            assertTrue(driver.getCurrentUrl().startsWith(server.baseUrl() + "/realms/demo/account"), driver.getCurrentUrl());
            chromium.screenshot("demo-account-console");

            // Account security > Signing in lists the email-code credential under two-factor authentication.
            driver.get(server.baseUrl() + "/realms/demo/account/account-security/signing-in");
            chromium.waitFor(d -> d.getPageSource().contains("Email codes") || d.getPageSource().contains("gatehouse-emailCode"));
            chromium.screenshot("demo-account-signing-in");
            assertTrue(driver.getPageSource().contains("Email codes"), "the credential's display name is translated");
            assertTrue(driver.getPageSource().contains("a***e@example.com") || driver.getPageSource().contains("a***e@e***.com"),
                    "alice's email-code credential is listed");
        }
    }

    /**
     * The password grant would trade a password for tokens without the MFA policy, the second factor or the address
     * budget. Keycloak creates the realm's {@code admin-cli} with it on, so the realm binds a direct-grant flow that
     * refuses: carol, who must enrol a second factor, gets no token for her password there.
     */
    @Test
    void thePasswordGrantIsRefusedForEveryClient() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=carol&password="
                + URLEncoder.encode(System.getenv().getOrDefault("GATEHOUSE_CAROL_PASSWORD", "carol"), StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 400 || r.statusCode() == 401, "refused: " + r.statusCode() + " " + r.body());
        assertFalse(r.body().contains("access_token"), r.body());
    }

    /**
     * The realm names the dev SMS sender, which only ./dev.sh enables. On any other server (this one) the realm still
     * imports, a user asked to enrol a phone is told no text could be sent (no error page, nothing sent, no
     * credential), and the admin gets a log line saying why, without the number.
     */
    @Test
    void phoneEnrolmentOnAServerWithoutTheDevSenderSendsNothingAndSaysSo() {
        RealmResource realm = server.adminClient().realm("demo");
        UserRepresentation dora = Accounts.user("dora", "dora@example.com", true, Accounts.password("dora"));
        dora.setRequiredActions(List.of(DemoUsers.PHONE_ENROLMENT));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(dora));

        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Page refused = browser.follow(browser.submit(browser.authorize(server.baseUrl(), "demo").formAction(),
                Map.of("username", "dora", "password", "dora")));
        assertEquals(200, refused.status());
        assertFalse(refused.redirectsToClient());
        // SMS codes can't be sent on this server: the page says so at once, and asks for no number it couldn't text.
        assertTrue(refused.message().contains("not available"), "a readable message: " + refused.message());
        assertFalse(refused.body().contains("gatehouse-sms-number-form"), "no number form");

        assertTrue(server.awaitLog(Pattern.compile("dev sender, but this server does not enable it"), Duration.ofSeconds(15)),
                "the admin learns why from the log");
        assertTrue(realm.users().get(Accounts.id(realm, "dora")).credentials().stream()
                .noneMatch(c -> "gatehouse-sms-code".equals(c.getType())), "nothing enrolled");
    }

    @Test
    void providersShipNoJarKeycloakAlreadyHas() throws IOException {
        // Provider jars share Keycloak's classpath: a second copy of a library Keycloak ships can shadow its own.
        Path kcLibs = server.home().resolve("lib/lib/main");
        Set<String> keycloakArtifacts;
        try (Stream<Path> s = Files.list(kcLibs)) {
            keycloakArtifacts = s.map(p -> artifactOf(p.getFileName().toString())).collect(Collectors.toSet());
        }
        try (Stream<Path> s = Files.list(BuildInfo.providersDir())) {
            List<String> clashes = s.map(p -> artifactOf(p.getFileName().toString()))
                    .filter(a -> keycloakArtifacts.stream().anyMatch(k -> k.equals(a) || k.endsWith("." + a)))
                    .toList();
            assertTrue(clashes.isEmpty(), "jars Keycloak already ships: " + clashes);
        }
    }

    /** "com.fasterxml.jackson.core.jackson-databind-2.20.1.jar" and "jackson-databind-2.20.1.jar" to their artifact part. */
    static String artifactOf(String jar) {
        return jar.replaceFirst("-\\d[^-]*(-[A-Za-z0-9.]+)?\\.jar$", "");
    }
}
