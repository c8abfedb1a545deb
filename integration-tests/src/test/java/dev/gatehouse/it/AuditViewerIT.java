package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.fakes.FakeWebhookReceiver;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The audit viewer's REST on the demo realm, called with the demo auditor's own token (realm-management
 * view-events + manage-events, as the viewer page would): filters, keyset pages, drill-down, status, filtered
 * exports and their audit records; a user without view-events is refused; bad parameters are refused without
 * echoing them. One server for the class.
 */
class AuditViewerIT {

    static final String RECORDS = "/realms/demo/gatehouse-audit/records";
    static KeycloakNode server;
    static AdminApi auditor;
    static AdminApi reader;
    static String bobId;

    @BeforeAll
    static void start() {
        server = KeycloakNode.fresh("audit-viewer")
                .withProviders(BuildInfo.providersDir())
                .withImport(BuildInfo.realmConfig("demo"))
                .startDev("--import-realm", "--spi-events-listener--gatehouse-audit--seal-interval=500",
                        // The tabs test sends to a webhook on loopback.
                        "--spi-events-listener--gatehouse-audit--webhook-allow-private=true");
        DemoUsers.bobWithPasswordOnly(server.adminClient().realm("demo"));
        // The auditor is under the MFA policy: its grace lets this sign-in postpone enrolment.
        OidcBrowser auditorBrowser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = auditorBrowser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page choice = auditorBrowser.follow(auditorBrowser.submit(auth.formAction(),
                Map.of("username", "auditor", "password", "auditor", "credentialId", "")));
        assertTrue(choice.showingFactorChoice() && choice.laterOffered(), OidcBrowser.pageMessage(choice.body()).orElse(""));
        String auditorToken = auditorBrowser.complete(server.baseUrl(), "demo", auth, auditorBrowser.postpone(choice)).accessToken();
        // A signed-in user of the realm without realm-management roles.
        Accounts.create(server.adminClient().realm("demo"), PartialImportRepresentation.Policy.FAIL,
                List.of(Accounts.user("reader", "reader@example.com", true, Accounts.password("reader-pw"))));
        String readerToken = new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "reader", "reader-pw").accessToken();
        auditor = new AdminApi(server.baseUrl(), () -> auditorToken);
        reader = new AdminApi(server.baseUrl(), () -> readerToken);
        bobId = server.admin().userId("demo", "bob");

        // Bob signs in, then fails twice; an admin changes him twice under one request id (a correlation id).
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        for (int i = 0; i < 2; i++) {
            OidcBrowser failing = new OidcBrowser("demo-app");
            failing.submit(failing.authorize(server.baseUrl(), "demo").formAction(), Map.of("username", "bob", "password", "wrong" + i));
        }
        for (String name : new String[] {"Robert", "Bobby"}) {
            assertEquals(204, server.admin().call("PUT", "/realms/demo/users/" + bobId, Map.of("firstName", name),
                    Map.of("X-Request-ID", "viewer-it-change-1")).statusCode());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static List<JsonNode> records(String query) {
        HttpResponse<String> r = auditor.call("GET", RECORDS + "?" + query, null);
        assertEquals(200, r.statusCode(), query + ": " + r.body());
        List<JsonNode> out = new ArrayList<>();
        Json.parse(r.body()).forEach(out::add);
        return out;
    }

    static void assertAll(List<JsonNode> rs, Predicate<JsonNode> p, String what) {
        assertFalse(rs.isEmpty(), what + ": no records");
        rs.forEach(r -> assertTrue(p.test(r), what + ": " + r));
    }

    static String text(JsonNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }

    @Test
    void everyFilterNarrowsTheRecords() {
        // A username is resolved to the user's id; the id works too.
        assertAll(records("user=bob"), r -> bobId.equals(text(r, "user")) || bobId.equals(text(r, "authUser")), "user=bob");
        assertEquals(records("user=bob").size(), records("user=" + bobId).size());
        assertTrue(records("user=bob&type=LOGIN").size() >= 1);
        assertEquals(2, records("user=bob&type=LOGIN_ERROR").size());
        assertAll(records("type=LOGIN_ERROR&outcome=error"), r -> "LOGIN_ERROR".equals(text(r, "type")) && r.hasNonNull("error"), "errors");
        assertAll(records("outcome=success"), r -> !r.hasNonNull("error"), "successes");
        assertAll(records("kind=admin"), r -> "admin".equals(text(r, "kind")) && Set.of("CREATE", "UPDATE").contains(text(r, "operation")), "admin");
        assertAll(records("client=demo-app"), r -> "demo-app".equals(text(r, "client")), "client");
        assertAll(records("ip=127.0.0.1"), r -> "127.0.0.1".equals(text(r, "ip")), "ip");
        // Search looks in the details, case-insensitively (redirect_uri of bob's sign-in).
        assertAll(records("search=LOCALHOST:65535/CALLBACK"), r -> r.toString().contains("localhost:65535/callback"), "search");
        assertTrue(records("search=no-such-detail-anywhere").isEmpty());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertEquals(records("max=1000").size(), records("from=" + today + "&to=" + tomorrow + "&max=1000").size());
        assertTrue(records("from=" + tomorrow).isEmpty());
    }

    @Test
    void cursorPagesWalkTheSameOrderWithoutGapsOrRepeats() {
        List<String> all = records("max=1000").stream().map(r -> text(r, "recordId")).toList();
        assertTrue(all.size() >= 6, all.toString());
        List<String> walked = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            HttpResponse<String> r = auditor.call("GET", RECORDS + "?max=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertEquals(200, r.statusCode(), r.body());
            Json.parse(r.body()).forEach(x -> walked.add(text(x, "recordId")));
            cursor = r.headers().firstValue("Gatehouse-Next-Cursor").orElse(null);
            if (cursor == null) {
                break;
            }
        }
        assertEquals(all, walked);
        assertEquals(Set.copyOf(walked).size(), walked.size(), "no record twice");
    }

    @Test
    void drillDownFindsTheSessionTheCorrelationIdAndTheUserAroundThatTime() {
        JsonNode login = records("user=bob&type=LOGIN").get(0);
        JsonNode related = auditor.get(RECORDS + "/" + text(login, "recordId") + "/related");
        assertEquals(text(login, "recordId"), text(related.get("record"), "recordId"));
        List<String> sessionTypes = new ArrayList<>();
        related.get("sameSession").forEach(r -> sessionTypes.add(text(r, "type")));
        assertTrue(sessionTypes.contains("CODE_TO_TOKEN"), "the token exchange of the same session: " + sessionTypes);
        List<String> aroundTypes = new ArrayList<>();
        related.get("sameUserAround").forEach(r -> aroundTypes.add(text(r, "type") == null ? text(r, "operation") : text(r, "type")));
        assertTrue(aroundTypes.contains("LOGIN_ERROR"), aroundTypes.toString());

        // Other tests of the class make admin changes too: take bob's.
        JsonNode change = records("kind=admin").stream().filter(r -> text(r, "resourcePath") != null && text(r, "resourcePath").contains(bobId))
                .findFirst().orElseThrow();
        assertEquals("viewer-it-change-1", text(change, "correlationId"));
        JsonNode byCorrelation = auditor.get(RECORDS + "/" + text(change, "recordId") + "/related").get("sameCorrelationId");
        assertEquals(1, byCorrelation.size(), byCorrelation.toString());
        assertEquals("viewer-it-change-1", text(byCorrelation.get(0), "correlationId"));

        HttpResponse<String> unknown = auditor.call("GET", RECORDS + "/no-such-record-x/related", null);
        assertEquals(404, unknown.statusCode());
        assertFalse(unknown.body().contains("no-such-record-x"), unknown.body());
    }

    @Test
    void statusShowsTheSealedLogAndItsNewestCheckpoint() throws Exception {
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = auditor.get("/realms/demo/gatehouse-audit/status");
            if (status.get("sealed").asLong() > 0 && status.hasNonNull("checkpointSize")) {
                break;
            }
            Thread.sleep(200);
        }
        assertNotNull(status);
        assertTrue(status.get("sealed").asLong() > 0, status.toString());
        assertTrue(status.get("checkpoint").asText().contains("gatehouse/audit/demo"), status.toString());
        assertTrue(status.get("checkpointTime").asLong() > 0);
        assertTrue(status.has("unsealed") && status.has("signed"), status.toString());
        // The chain check itself is verify: manage-events, which the demo auditor (view-events only) lacks.
        assertEquals(403, auditor.call("POST", "/realms/demo/gatehouse-audit/verify", "{}").statusCode());
    }

    @Test
    void filteredExportsSayTheyAreNoChainAndEveryExportIsAnAuditRecord() throws Exception {
        HttpResponse<String> csv = auditor.call("GET", "/realms/demo/gatehouse-audit/export?format=csv&type=LOGIN_ERROR&user=bob", null);
        assertEquals(200, csv.statusCode(), csv.body());
        assertEquals("filtered; not a verifiable chain", csv.headers().firstValue("Gatehouse-Export").orElse(""));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("audit-demo-filtered.csv"));
        List<String> rows = csv.body().lines().toList();
        assertTrue(rows.get(0).startsWith("seq,time,kind,type,"), rows.get(0));
        assertEquals(3, rows.size(), "header + bob's two failures: " + rows);
        rows.subList(1, rows.size()).forEach(row -> assertTrue(row.contains(",LOGIN_ERROR,"), row));

        HttpResponse<String> jsonl = auditor.call("GET", "/realms/demo/gatehouse-audit/export?kind=admin", null);
        List<String> lines = jsonl.body().lines().toList();
        JsonNode note = Json.parse(lines.get(0));
        assertFalse(note.get("verifiableChain").asBoolean());
        assertEquals("admin", note.get("filter").get("kind").asText());
        assertEquals(records("kind=admin").size(), lines.size() - 1, lines.toString());
        assertEquals("chain", auditor.call("GET", "/realms/demo/gatehouse-audit/export", null).headers().firstValue("Gatehouse-Export").orElse(""));

        List<JsonNode> exports = records("type=GATEHOUSE_AUDIT_EXPORT&kind=system");
        assertTrue(exports.size() >= 3, exports.toString());
        JsonNode csvExport = exports.stream().filter(r -> r.get("details").get("format").asText().equals("csv")).findFirst().orElseThrow();
        JsonNode d = csvExport.get("details");
        assertEquals("auditor", d.get("adminUsername").asText());
        assertEquals(server.admin().userId("demo", "auditor"), d.get("admin").asText());
        assertEquals("user=" + bobId + "&type=LOGIN_ERROR", d.get("filter").asText());
        assertTrue(exports.stream().anyMatch(r -> r.get("details").get("filter").asText().equals("none")), "an unfiltered export too");
    }

    @Test
    void withoutViewEventsEverythingIsForbidden() {
        for (String path : new String[] {RECORDS, RECORDS + "/x/related", "/realms/demo/gatehouse-audit/status", "/realms/demo/gatehouse-audit/export?format=csv"}) {
            assertEquals(403, reader.call("GET", path, null).statusCode(), path);
        }
        assertTrue(records("type=GATEHOUSE_AUDIT_EXPORT").stream().noneMatch(r -> "reader".equals(r.get("details").get("adminUsername").asText())),
                "a refused export is not an export");
    }

    @Test
    void badParametersAreRefusedWithoutEchoingThem() throws Exception {
        String evil = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
        for (String q : new String[] {"outcome=" + evil, "kind=" + evil, "type=" + evil, "from=" + evil, "cursor=" + evil, "max=" + evil,
                "first=" + evil, "search=ab", "max=0", "cursor=MTox&first=3"}) {
            HttpResponse<String> r = auditor.call("GET", RECORDS + "?" + q, null);
            assertEquals(400, r.statusCode(), q + ": " + r.body());
            assertFalse(r.body().contains("<script") || r.body().contains("alert(1)"), q + ": " + r.body());
        }
        HttpResponse<String> export = auditor.call("GET", "/realms/demo/gatehouse-audit/export?format=" + evil, null);
        assertEquals(400, export.statusCode());
        assertFalse(export.body().contains("script"), export.body());

        HttpClient http = HttpClient.newHttpClient();
        String page = server.baseUrl() + "/realms/demo/gatehouse-audit-viewer/";
        HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create(page)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, html.statusCode());
        String csp = html.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals(1, html.headers().allValues("Content-Security-Policy").size(), "one policy, ours");
        assertFalse(csp.contains("unsafe"), csp);
        assertTrue(html.body().contains("<script src=\"viewer.js\""), "no inline script");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(page + evil)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertFalse(missing.body().contains("script"), missing.body());
        HttpResponse<String> noSlash = http.send(HttpRequest.newBuilder(URI.create(page.substring(0, page.length() - 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, noSlash.statusCode());
        assertEquals("gatehouse-audit-viewer/", noSlash.headers().firstValue("Location").orElseThrow(), "relative: the Host header can't steer it");
        assertEquals(page, URI.create(page.substring(0, page.length() - 1)).resolve("gatehouse-audit-viewer/").toString());
    }

    /**
     * The page in headless Chromium: PKCE sign-in as the auditor, a filter, a drill-down and a CSV export (which
     * is then an audit record). Screenshots audit-viewer.png and audit-viewer-related.png (target/screenshots;
     * docs/screenshots holds copies).
     */
    @Test
    void theViewerSignsInFiltersDrillsDownAndExportsInABrowser() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            driver.get(server.baseUrl() + "/realms/demo/gatehouse-audit-viewer/");
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("auditor");
            driver.findElement(By.id("password")).sendKeys("auditor");
            driver.findElement(By.id("kc-login")).click();
            // Under the MFA policy, within its grace: set up a factor later.
            chromium.waitFor(d -> !d.findElements(By.id("gatehouse-mfa-later")).isEmpty());
            driver.findElement(By.id("gatehouse-mfa-later")).click();
            chromium.waitFor(d -> d.findElement(By.id("app")).isDisplayed() && !d.findElements(By.cssSelector("#records tbody button.related")).isEmpty());
            assertFalse(driver.getCurrentUrl().contains("code="), "the code leaves the address bar");
            assertTrue(driver.findElement(By.id("who")).getText().contains("auditor"));

            driver.findElement(By.id("f-user")).sendKeys("bob");
            driver.findElement(By.id("f-type")).sendKeys("LOGIN_ERROR");
            driver.findElement(By.id("apply")).click();
            chromium.waitFor(d -> {
                List<WebElement> rows = d.findElements(By.cssSelector("#records tbody tr"));
                return rows.size() == 2 && rows.stream().allMatch(r -> r.findElements(By.tagName("td")).get(2).getText().equals("LOGIN_ERROR"));
            });
            chromium.waitFor(d -> !d.findElement(By.id("status-list")).getText().isEmpty());
            chromium.screenshot("audit-viewer");

            driver.findElement(By.cssSelector("#records tbody button.related")).click();
            chromium.waitFor(d -> d.findElement(By.id("related")).isDisplayed());
            assertTrue(driver.findElement(By.id("same-user")).getText().contains("LOGIN"), driver.findElement(By.id("same-user")).getText());
            chromium.screenshot("audit-viewer-related");

            driver.findElement(By.id("export-csv")).click();
            chromium.waitFor(d -> d.findElement(By.id("message")).getText().startsWith("Exported audit-demo-filtered.csv"));
        }
        assertTrue(records("type=GATEHOUSE_AUDIT_EXPORT").stream().anyMatch(r -> r.get("details").get("adminUsername").asText().equals("auditor")
                && r.get("details").get("filter").asText().equals("user=" + bobId + "&type=LOGIN_ERROR")
                && r.get("details").get("format").asText().equals("csv") && r.get("client") == null),
                "the page's export is recorded with its filter");
    }

    /** Signs in to the viewer page as an MFA-exempt user of the demo realm and waits for the log. */
    static void signInToViewer(Chromium chromium, String username, String password) throws Exception {
        WebDriver driver = chromium.driver();
        driver.get(server.baseUrl() + "/realms/demo/gatehouse-audit-viewer/");
        chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        chromium.waitFor(d -> d.findElement(By.id("app")).isDisplayed() && !d.findElements(By.cssSelector("#records tbody tr")).isEmpty());
    }

    static void fill(WebDriver driver, String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    static boolean anyVisible(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    /**
     * The Alert rules and Destinations tabs in headless Chromium. An admin with view-events + manage-events creates a
     * custom rule through the generated form (a refused value shows the server's message), switches a built-in off,
     * creates a webhook destination and sends it a test alert, which the receiver gets signed. A user with view-events
     * only sees both lists and no write control. Screenshots audit-alert-rules.png and audit-destinations.png.
     */
    @Test
    void alertRulesAndDestinationsAreManagedInThePageAndReadOnlyWithoutManageEvents() throws Exception {
        org.keycloak.representations.idm.UserRepresentation manager = Accounts.user("alert-manager", "alert-manager@example.com", true,
                Accounts.password("alert-manager-pw"));
        manager.setClientRoles(Map.of("realm-management", List.of("view-events", "manage-events")));
        org.keycloak.representations.idm.UserRepresentation viewer = Accounts.user("alert-viewer", "alert-viewer@example.com", true,
                Accounts.password("alert-viewer-pw"));
        viewer.setClientRoles(Map.of("realm-management", List.of("view-events")));
        Accounts.create(server.adminClient().realm("demo"), PartialImportRepresentation.Policy.FAIL, List.of(manager, viewer));

        try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(); Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            signInToViewer(chromium, "alert-manager", "alert-manager-pw");
            assertFalse(driver.findElement(By.id("read-only")).isDisplayed());

            driver.findElement(By.id("tab-button-rules")).click();
            chromium.waitFor(d -> !d.findElements(By.cssSelector("#rules tbody tr[data-id='builtin-lockout'] button.toggle")).isEmpty());
            driver.findElement(By.id("rule-new")).click();
            chromium.waitFor(d -> d.findElement(By.id("rule-form")).isDisplayed());
            fill(driver, "rule-opt-id", "ui-failed-logins");
            fill(driver, "rule-name", "Failed logins (from the page)");
            fill(driver, "rule-opt-type", "LOGIN_ERROR");
            fill(driver, "rule-opt-threshold", "0");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("rule-opt-severity"))).selectByVisibleText("CRITICAL");
            driver.findElement(By.id("rule-save")).click();
            chromium.waitFor(d -> d.findElement(By.id("rule-error")).getText().startsWith("threshold"));
            fill(driver, "rule-opt-threshold", "3");
            driver.findElement(By.id("rule-save")).click();
            chromium.waitFor(d -> !d.findElements(By.cssSelector("#rules tbody tr[data-id='ui-failed-logins']")).isEmpty());
            WebElement custom = driver.findElement(By.cssSelector("#rules tbody tr[data-id='ui-failed-logins']"));
            assertEquals("custom", custom.findElement(By.cssSelector("td.source")).getText());
            assertTrue(custom.getText().contains("CRITICAL") && custom.getText().contains("3 in 300 s") && custom.getText().contains("LOGIN_ERROR"), custom.getText());

            driver.findElement(By.cssSelector("#rules tbody tr[data-id='builtin-lockout'] button.toggle")).click();
            chromium.waitFor(d -> d.findElement(By.cssSelector("#rules tbody tr[data-id='builtin-lockout'] td.source")).getText().equals("override")
                    && d.findElement(By.cssSelector("#rules tbody tr[data-id='builtin-lockout'] td.enabled")).getText().equals("off"));
            chromium.screenshot("audit-alert-rules");
            JsonNode rules = server.admin().get("/realms/demo/gatehouse-audit/alerts/rules");
            boolean lockoutOff = false;
            boolean customThere = false;
            for (JsonNode r : rules) {
                lockoutOff |= r.get("id").asText().equals("builtin-lockout") && !r.get("enabled").asBoolean();
                customThere |= r.get("id").asText().equals("ui-failed-logins") && r.get("threshold").asInt() == 3
                        && r.get("severity").asText().equals("CRITICAL") && r.get("type").get(0).asText().equals("LOGIN_ERROR");
            }
            assertTrue(lockoutOff && customThere, rules.toString());

            driver.findElement(By.id("tab-button-destinations")).click();
            chromium.waitFor(d -> d.findElement(By.id("tab-destinations")).isDisplayed() && !d.findElements(By.cssSelector("#destinations tbody tr")).isEmpty());
            driver.findElement(By.id("destination-new")).click();
            chromium.waitFor(d -> d.findElement(By.id("destination-form")).isDisplayed());
            fill(driver, "destination-id", "ui-hook");
            fill(driver, "destination-name", "SIEM webhook");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("destination-opt-type"))).selectByVisibleText("webhook");
            fill(driver, "destination-opt-url", receiver.uri() + "/hook?token=not-shown");
            fill(driver, "destination-opt-secret", "a-webhook-secret-of-the-page");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("destination-opt-minSeverity"))).selectByVisibleText("INFO");
            driver.findElement(By.id("destination-save")).click();
            chromium.waitFor(d -> !d.findElements(By.cssSelector("#destinations tbody tr[data-id='ui-hook'] button.test")).isEmpty());
            WebElement hook = driver.findElement(By.cssSelector("#destinations tbody tr[data-id='ui-hook']"));
            assertTrue(hook.getText().contains(receiver.uri() + "/hook") && !hook.getText().contains("not-shown"), hook.getText());
            assertTrue(hook.findElements(By.tagName("a")).isEmpty(), "no link from a config value");
            hook.findElement(By.cssSelector("button.test")).click();
            chromium.waitFor(d -> d.findElement(By.id("destination-message")).getText().startsWith("Test alert "));
            for (int i = 0; i < 150 && receiver.deliveries().isEmpty(); i++) {
                Thread.sleep(200);
            }
            assertEquals(1, receiver.deliveries().size(), "the receiver gets the test alert");
            FakeWebhookReceiver.Delivery got = receiver.deliveries().get(0);
            assertEquals("/hook", got.path());
            assertTrue(driver.findElement(By.id("destination-message")).getText().contains(got.header("Gatehouse-Alert-Id")));
            assertTrue(got.header("Gatehouse-Signature").startsWith("t="), got.headers().toString());
            assertTrue(new String(got.body(), java.nio.charset.StandardCharsets.UTF_8).contains("Test alert"));
            driver.findElement(By.id("tab-button-rules")).click();
            driver.findElement(By.id("tab-button-destinations")).click();
            chromium.waitFor(d -> !d.findElements(By.cssSelector("#destinations tbody tr[data-id='ui-hook'] td.pending")).isEmpty()
                    && d.findElement(By.cssSelector("#destinations tbody tr[data-id='ui-hook'] td.pending")).getText().equals("0"));
            chromium.screenshot("audit-destinations");
        }

        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            signInToViewer(chromium, "alert-viewer", "alert-viewer-pw");
            assertTrue(driver.findElement(By.id("read-only")).isDisplayed());
            assertTrue(driver.findElement(By.id("read-only")).getText().contains("manage-events"));
            driver.findElement(By.id("tab-button-rules")).click();
            chromium.waitFor(d -> !d.findElements(By.cssSelector("#rules tbody tr[data-id='ui-failed-logins']")).isEmpty());
            assertFalse(anyVisible(driver, ".write"), "no write control for view-events only");
            assertFalse(driver.findElement(By.id("rule-form")).isDisplayed());
            driver.findElement(By.id("tab-button-destinations")).click();
            chromium.waitFor(d -> !d.findElements(By.cssSelector("#destinations tbody tr[data-id='ui-hook']")).isEmpty());
            assertFalse(anyVisible(driver, ".write"), "no write control for view-events only");
            assertTrue(driver.findElements(By.cssSelector("#destinations button")).stream().noneMatch(WebElement::isEnabled));
        }
    }
}
