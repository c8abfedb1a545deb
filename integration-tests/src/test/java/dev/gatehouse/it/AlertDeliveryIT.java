package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.gatehouse.audit.delivery.WebhookSignature;
import dev.gatehouse.audit.delivery.WebhookSignature.Verdict;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.fakes.FakeWebhookReceiver;

/**
 * Alert delivery on the real server (demo realm, one Keycloak start and one restart of the same node): mail to
 * GreenMail, signed webhooks through a minute's outage and a restart, forgery and replay detection with the
 * documented check, disablement after max failures, and refused configurations. Alerts are the delivery API's
 * test alerts, so this does not depend on the alert rules.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertDeliveryIT {

    static final String SECRET = "it-webhook-secret-" + java.util.UUID.randomUUID();
    static final long BACKOFF_BASE = 500;
    static final long BACKOFF_CAP = 16_000;
    static final String PAGE = "dev.gatehouse.audit.delivery.keycloak.AlertDestinationProvider";

    static DemoServer server;
    static AdminApi admin;
    static FakeWebhookReceiver receiver;
    static String hook;

    @BeforeAll
    static void start() {
        receiver = new FakeWebhookReceiver();
        // The fake receivers listen on loopback, which webhooks may only reach with webhook-allow-private.
        server = DemoServer.start("delivery", Map.of("KC_SPI_EVENTS_LISTENER__GATEHOUSE_AUDIT__DELIVERY_INTERVAL", "200",
                "KC_SPI_EVENTS_LISTENER__GATEHOUSE_AUDIT__WEBHOOK_ALLOW_PRIVATE", "true"));
        admin = server.node().admin();
        // maxFailures well above what a minute's outage costs; a short cap keeps the test's waits short.
        hook = createDestination("SIEM webhook", Map.of("type", "webhook", "url", receiver.uri() + "/hook", "secret", SECRET,
                "minSeverity", "INFO", "maxFailures", "1000", "backoffBaseMillis", String.valueOf(BACKOFF_BASE),
                "backoffCapMillis", String.valueOf(BACKOFF_CAP)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    static HttpResponse<String> addComponent(String name, Map<String, String> config) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        config.forEach((k, v) -> multi.put(k, List.of(v)));
        return admin.call("POST", "/realms/demo/components", Map.of("name", name, "providerId", "gatehouse-alert-destination",
                "providerType", PAGE, "config", multi));
    }

    static String createDestination(String name, Map<String, String> config) {
        HttpResponse<String> r = addComponent(name, config);
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static JsonNode json(String method, String path, Object body, int status) {
        HttpResponse<String> r = admin.call(method, "/realms/demo/gatehouse-audit/delivery/" + path, body);
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return r.body().isEmpty() ? null : Json.parse(r.body());
    }

    /** Queues a test alert to one destination; its alert id. */
    static String testAlert(String destination) {
        JsonNode r = json("POST", "test", Map.of("destination", destination), 202);
        assertEquals(1, r.get("deliveries").size(), r.toString());
        return r.get("alertId").asText();
    }

    static JsonNode destination(String id) {
        for (JsonNode d : json("GET", "destinations", null, 200)) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no destination " + id);
    }

    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " within " + millis + " ms");
            }
            Thread.sleep(200);
        }
    }

    /** The receiver's de-duplication on the signed body's id, after the documented check of each delivery. */
    static Set<String> receivedAlertIds() {
        Set<String> ids = new HashSet<>();
        for (FakeWebhookReceiver.Delivery d : receiver.deliveries()) {
            Verdict v = WebhookSignature.verify(SECRET, d.header(WebhookSignature.HEADER), d.header(WebhookSignature.ALERT_ID_HEADER),
                    d.body(), System.currentTimeMillis() / 1000);
            assertEquals(Verdict.VALID, v, "a genuine delivery passes the documented check");
            ids.add(WebhookSignature.signedAlertId(d.body()));
        }
        return ids;
    }

    @Order(1)
    @Test
    void badDestinationConfigIsRefusedWith400NamingTheField() {
        Map<String, String> plainHttp = Map.of("type", "webhook", "url", "http://hooks.example.com/x", "secret", SECRET);
        HttpResponse<String> r = addComponent("clear text", plainHttp);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("url"), r.body());
        r = addComponent("no secret", Map.of("type", "webhook", "url", "https://hooks.example.com/x"));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("secret"), r.body());
        r = addComponent("short secret", Map.of("type", "webhook", "url", "https://hooks.example.com/x", "secret", "tooShortSecret"));
        assertEquals(400, r.statusCode(), r.body());
        assertFalse(r.body().contains("tooShortSecret"), "the refusal doesn't echo the secret");
        r = addComponent("bad mail", Map.of("type", "email", "emails", "security@example.com\r\nBcc: x@evil.example"));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("emails"), r.body());
        assertEquals(400, addComponent("no type", Map.of("type", "sms")).statusCode());

        // The same through the delivery API's PUT: 400 with {"error": "<field>: …"}.
        HttpResponse<String> put = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/bad-one",
                Map.of("name", "clear text", "config", plainHttp));
        assertEquals(400, put.statusCode(), put.body());
        assertTrue(Json.parse(put.body()).get("error").asText().startsWith("url: "), put.body());
        put = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/bad-one",
                Map.of("name", "bad list", "config", Map.of("type", "email", "emails", List.of("a@example.com", "not an address"))));
        assertEquals(400, put.statusCode(), put.body());
        assertTrue(Json.parse(put.body()).get("error").asText().startsWith("emails: "), put.body());
        assertEquals(404, admin.call("DELETE", "/realms/demo/gatehouse-audit/delivery/destinations/bad-one", null).statusCode());

        // Nothing our endpoints return holds the secret: a set secret reads as the mask, and the mask sent back keeps it.
        HttpResponse<String> list = admin.call("GET", "/realms/demo/gatehouse-audit/delivery/destinations", null);
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(SECRET), list.body());
        assertTrue(list.body().contains("\"target\":\"http://127.0.0.1:"), list.body());
        JsonNode mine = destination(hook);
        assertEquals("**********", mine.get("config").get("secret").asText(), mine.toString());
        Map<String, Object> config = Json.MAPPER.convertValue(mine.get("config"), Map.class);
        assertEquals(204, admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/" + hook,
                Map.of("name", "SIEM webhook (renamed)", "config", config)).statusCode());
        assertEquals("SIEM webhook (renamed)", destination(hook).get("name").asText());
        assertFalse(admin.call("GET", "/realms/demo/components/" + hook, null).body().contains(SECRET));
        // Each change through our API is an admin event (Keycloak's and the Gatehouse log's), the secret stripped.
        try {
            await("an admin UPDATE record of the destination", 10_000, () -> admin.get("/realms/demo/gatehouse-audit/records?type=UPDATE&max=100")
                    .findValues("resourcePath").stream().anyMatch(p -> p.asText().equals("components/" + hook)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        HttpResponse<String> events = admin.call("GET", "/realms/demo/admin-events?resourceTypes=COMPONENT&operationTypes=UPDATE", null);
        assertTrue(events.body().contains("components/" + hook), events.body());
        assertFalse(events.body().contains(SECRET), events.body());
        // The mask never follows the destination to another receiver (nor another type): the secret must be entered again.
        Map<String, Object> retargeted = new HashMap<>(config);
        retargeted.put("url", receiver.uri() + "/elsewhere");
        HttpResponse<String> moved = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/" + hook,
                Map.of("name", "SIEM webhook (renamed)", "config", retargeted));
        assertEquals(400, moved.statusCode(), moved.body());
        assertEquals("secret: enter it again when the URL changes", Json.parse(moved.body()).get("error").asText());
        assertEquals(receiver.uri() + "/hook", admin.get("/realms/demo/components/" + hook).get("config").get("url").get(0).asText());
        // A vault reference outside the documented prefix (here the realm's SMTP password) is refused.
        Map<String, Object> vault = new HashMap<>(config);
        vault.put("secret", "${vault.smtp-password}");
        HttpResponse<String> foreign = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/" + hook,
                Map.of("name", "SIEM webhook (renamed)", "config", vault));
        assertEquals(400, foreign.statusCode(), foreign.body());
        assertTrue(Json.parse(foreign.body()).get("error").asText().startsWith("secret: "), foreign.body());

        // A client-chosen id taken by a component of another realm (master here) is a 400, not a 500.
        HttpResponse<String> other = admin.call("POST", "/realms/master/components", Map.of("id", "taken-elsewhere",
                "name", "other", "providerId", "gatehouse-alert-destination", "providerType", PAGE,
                "config", Map.of("type", List.of("email"), "emails", List.of("x@example.com"))));
        assertEquals(201, other.statusCode(), other.body());
        HttpResponse<String> clash = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/taken-elsewhere",
                Map.of("name", "clash", "config", Map.of("type", "email", "emails", "y@example.com")));
        assertEquals(400, clash.statusCode(), clash.body());
        assertEquals("id: in use by another component", Json.parse(clash.body()).get("error").asText());
        assertEquals(204, admin.call("DELETE", "/realms/master/components/taken-elsewhere", null).statusCode());

        JsonNode options = json("GET", "destinations/options", null, 200);
        Map<String, String> types = new HashMap<>();
        options.forEach(o -> types.put(o.get("name").asText(), o.get("type").asText()));
        assertEquals("secret", types.get("secret"));
        assertEquals("select", types.get("type"));
        assertEquals("int", types.get("maxFailures"));
    }

    @Order(2)
    @Test
    void testAlertMailReachesTheDemoSecurityTeam() throws Exception {
        String mailDestination = null;
        for (JsonNode d : json("GET", "destinations", null, 200)) {
            if ("security@example.com".equals(d.get("target").asText())) {
                mailDestination = d.get("id").asText();
                assertEquals("WARNING", d.get("minSeverity").asText());
            }
        }
        assertTrue(mailDestination != null, "the demo realm's mail destination was imported");
        String alertId = testAlert(mailDestination);
        await("a mail to security@example.com", 30_000, () -> server.mailsTo("security@example.com") >= 1);
        MimeMessage mail = server.mail().getReceivedMessagesForDomain("security@example.com")[0];
        assertTrue(mail.getSubject().startsWith("[Gatehouse] INFO Test alert in demo"), mail.getSubject());
        String whole = GreenMailUtil.getWholeMessage(mail);
        assertTrue(whole.contains(alertId), whole);
        assertTrue(whole.contains("text/html") && whole.contains("text/plain"), "plain text and HTML");
    }

    @Order(3)
    @Test
    void webhookOutageOfAMinuteLosesNothingAndBacksOff() throws Exception {
        List<String> sent = new ArrayList<>();
        sent.add(testAlert(hook));
        await("the first delivery", 30_000, () -> receivedAlertIds().containsAll(sent));

        receiver.down();
        long downAt = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            sent.add(testAlert(hook));
        }
        // Attempts while the receiver is down show in the destination's last attempt (one per backoff step).
        TreeSet<Long> attempts = new TreeSet<>();
        int failures = 0;
        while (System.currentTimeMillis() - downAt < 60_000) {
            JsonNode d = destination(hook);
            // Null fields are left out of Keycloak's JSON: no lastAttempt before the first.
            if (d.path("lastAttempt").isNumber() && d.get("lastAttempt").asLong() > downAt) {
                attempts.add(d.get("lastAttempt").asLong());
            }
            failures = Math.max(failures, d.get("consecutiveFailures").asInt());
            Thread.sleep(100);
        }
        assertEquals(3, destination(hook).get("pending").asInt(), "all three wait in the outbox");
        receiver.up();
        await("every alert after the outage", 40_000, () -> receivedAlertIds().containsAll(sent));
        assertEquals(new HashSet<>(sent), receivedAlertIds(), "each alert arrives; nothing else does");
        assertEquals(0, destination(hook).get("consecutiveFailures").asInt());
        assertTrue(destination(hook).get("enabled").asBoolean());

        List<Long> times = new ArrayList<>(attempts);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        assertTrue(gaps.size() >= 4 && failures >= 5, "attempts during the outage: " + times + ", failures " + failures);
        // Equal jitter: while base × 2^(n-1) has not reached the cap, each delay is at least the previous one (the
        // 200 ms delivery interval adds up to that much); from the cap on, delays vary in [cap/2, cap].
        int uncapped = 0;
        for (long exp = BACKOFF_BASE; exp <= BACKOFF_CAP; exp *= 2) {
            uncapped++;
        }
        List<Long> growing = gaps.subList(0, Math.min(uncapped, gaps.size()));
        for (int i = 1; i < growing.size(); i++) {
            assertTrue(growing.get(i) >= growing.get(i - 1) - 300, "gaps grow: " + gaps);
        }
        assertTrue(growing.get(growing.size() - 1) >= 4 * growing.get(0), "gaps grow: " + gaps);
        assertTrue(gaps.stream().allMatch(g -> g <= BACKOFF_CAP + 1000), "capped: " + gaps);
        assertTrue(gaps.size() < 20, "a backoff, not a busy retry: " + gaps);
    }

    @Order(4)
    @Test
    void forgedAndReplayedDeliveriesAreDetectedByTheDocumentedCheck() {
        FakeWebhookReceiver.Delivery d = receiver.deliveries().get(0);
        String header = d.header(WebhookSignature.HEADER);
        assertTrue(Pattern.matches("t=\\d+,v1=[0-9a-f]{64}", header), header);
        assertEquals(d.header(WebhookSignature.ALERT_ID_HEADER), Json.parse(new String(d.body(), StandardCharsets.UTF_8)).get("id").asText());
        assertTrue(d.header(WebhookSignature.DELIVERY_ID_HEADER).matches("[0-9a-f-]{36}"));
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        assertEquals(Verdict.VALID, WebhookSignature.verify(SECRET, header, d.body(), t + 10));

        // Forged: a changed body, a guessed secret, a re-stamped time.
        byte[] changed = new String(d.body(), StandardCharsets.UTF_8).replace("\"INFO\"", "\"CRITICAL\"").getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.FORGED, WebhookSignature.verify(SECRET, header, changed, t));
        assertEquals(Verdict.FORGED, WebhookSignature.verify("a-guessed-secret-value", header, d.body(), t));
        assertEquals(Verdict.FORGED, WebhookSignature.verify(SECRET, header.replace("t=" + t, "t=" + (t + 1000)), d.body(), t + 1000));
        // Replayed: the genuine delivery again after the tolerance is stale; within it, the alert id is a duplicate.
        assertEquals(Verdict.STALE, WebhookSignature.verify(SECRET, header, d.body(), t + WebhookSignature.TOLERANCE_SECONDS + 1));
        // Replayed within the window under a fresh Gatehouse-Alert-Id (the header is not signed): refused.
        assertEquals(Verdict.ID_MISMATCH, WebhookSignature.verify(SECRET, header, java.util.UUID.randomUUID().toString(), d.body(), t + 10));
        assertEquals(Verdict.VALID, WebhookSignature.verify(SECRET, header, d.header(WebhookSignature.ALERT_ID_HEADER), d.body(), t + 10));
        assertTrue(receivedAlertIds().contains(d.header(WebhookSignature.ALERT_ID_HEADER)));
    }

    @Order(5)
    @Test
    void destinationThatKeepsFailingIsDisabledAndItsAlertWaits() throws Exception {
        FakeWebhookReceiver dead = new FakeWebhookReceiver();
        try {
            dead.down();
            String id = "dead-webhook";
            HttpResponse<String> created = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/" + id, Map.of(
                    "name", "dead webhook", "config", Map.of("type", "webhook", "url", dead.uri() + "/hook", "secret", SECRET,
                            "maxFailures", 3, "backoffBaseMillis", 100, "backoffCapMillis", 400)));
            assertEquals(201, created.statusCode(), created.body());
            String alertId = testAlert(id);
            await("disabled after 3 failures", 30_000, () -> !destination(id).get("enabled").asBoolean());
            JsonNode d = destination(id);
            assertEquals(3, d.get("consecutiveFailures").asInt(), d.toString());
            assertTrue(d.get("pending").asInt() >= 1, "its alert waits: " + d);
            assertEquals("connect failed", d.get("lastError").asText(), "a coarse category, not an exception name: " + d);
            JsonNode component = admin.get("/realms/demo/components/" + id);
            assertEquals("false", component.get("config").get("enabled").get(0).asText());
            assertTrue(server.node().awaitLog(Pattern.compile("alert destination " + id + " \\(dead webhook\\) of realm demo disabled after 3"),
                    java.time.Duration.ofSeconds(5)));

            await("a GATEHOUSE_DESTINATION_DISABLED record", 30_000, () -> admin.get(
                    "/realms/demo/gatehouse-audit/records?type=GATEHOUSE_DESTINATION_DISABLED").size() == 1);
            JsonNode record = admin.get("/realms/demo/gatehouse-audit/records?type=GATEHOUSE_DESTINATION_DISABLED").get(0);
            assertEquals("system", record.get("kind").asText());
            assertEquals(id, record.get("details").get("destination").asText(), record.toString());
            assertEquals("3", record.get("details").get("failures").asText(), record.toString());
            // A disabled destination takes no new alerts (and a test alert to it is refused).
            assertEquals(409, admin.call("POST", "/realms/demo/gatehouse-audit/delivery/test", Map.of("destination", id)).statusCode());

            // A disabled destination keeps queueing: the CRITICAL alert about its own disablement (built-in rule on
            // GATEHOUSE_DESTINATION_DISABLED) is parked for it rather than lost.
            await("the disablement alert parked for the disabled destination", 30_000,
                    () -> json("GET", "outbox?state=pending&destination=" + id, null, 200).size() >= 2);

            dead.up();
            json("POST", "destinations/" + id + "/enable", null, 204);
            await("the parked alert after re-enabling", 30_000, () -> dead.deliveries().stream()
                    .map(x -> x.header(WebhookSignature.ALERT_ID_HEADER)).distinct().count() >= 2);
            try {
                await("the waiting alert after re-enabling", 30_000, () -> dead.deliveries().stream()
                        .anyMatch(x -> alertId.equals(x.header(WebhookSignature.ALERT_ID_HEADER))));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + destination(id) + " " + json("GET", "outbox?destination=" + id, null, 200)
                        + " " + admin.get("/realms/demo/components/" + id) + " received " + dead.deliveries().size(), e);
            }
            await("delivered state", 10_000, () -> destination(id).get("pending").asInt() == 0);
            assertEquals(0, destination(id).get("consecutiveFailures").asInt());
            assertEquals(404, admin.call("POST", "/realms/demo/gatehouse-audit/delivery/destinations/no-such-id/enable", null).statusCode());
            assertEquals(204, admin.call("DELETE", "/realms/demo/gatehouse-audit/delivery/destinations/" + id, null).statusCode());
            assertEquals(404, admin.call("GET", "/realms/demo/components/" + id, null).statusCode());
            assertEquals(400, admin.call("GET", "/realms/demo/gatehouse-audit/delivery/outbox?state=lost", null).statusCode());
        } finally {
            dead.close();
        }
    }

    @Order(6)
    @Test
    void aDripFeedingReceiverNeitherHoldsSealingNorOutlivesItsDeadline() throws Exception {
        FakeWebhookReceiver slow = new FakeWebhookReceiver().drip(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(120));
        String id = "drip-webhook";
        try {
            HttpResponse<String> created = admin.call("PUT", "/realms/demo/gatehouse-audit/delivery/destinations/" + id, Map.of(
                    "name", "drip webhook", "config", Map.of("type", "webhook", "url", slow.uri() + "/hook", "secret", SECRET,
                            "timeoutMillis", 10_000, "maxFailures", 1000, "backoffBaseMillis", 60_000, "backoffCapMillis", 60_000)));
            assertEquals(201, created.statusCode(), created.body());
            long sent = System.currentTimeMillis();
            testAlert(id);
            await("the drip receiver got the POST", 10_000, () -> !slow.deliveries().isEmpty());

            // While the receiver drips, a failed login is sealed on time: the timer thread is not held by the send.
            OidcBrowser failing = new OidcBrowser("demo-app");
            failing.submit(failing.authorize(server.node().baseUrl(), "demo").formAction(), Map.of("username", "alice", "password", "wrong-drip"));
            long failed = System.currentTimeMillis();
            await("the LOGIN_ERROR sealed within seal-interval + 5 s", 2_000 + 5_000, () -> {
                JsonNode r = admin.get("/realms/demo/gatehouse-audit/records?type=LOGIN_ERROR&max=1");
                return r.size() == 1 && r.get(0).get("time").asLong() >= failed - 5_000 && r.get(0).hasNonNull("seq");
            });
            // The receiver answered 200 at once: delivered without reading its dripping body (which lasts 120 s),
            // and the attempt ends within its 10 s deadline either way.
            await("delivered without waiting for the drip", 30_000,
                    () -> json("GET", "outbox?state=delivered&destination=" + id, null, 200).size() == 1);
            assertTrue(System.currentTimeMillis() - sent < 40_000, "not after the drip");
        } finally {
            admin.call("DELETE", "/realms/demo/gatehouse-audit/delivery/destinations/" + id, null);
            slow.close();
        }
    }

    @Order(7)
    @Test
    void restartWithAFullOutboxLosesNothing() throws Exception {
        receiver.down();
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(testAlert(hook));
        }
        await("a failed attempt before the stop", 30_000, () -> destination(hook).get("consecutiveFailures").asInt() >= 1);
        JsonNode pending = json("GET", "outbox?state=pending&destination=" + hook, null, 200);
        assertEquals(3, pending.size(), pending.toString());

        server.node().stop();
        server.node().startDev("--import-realm");
        admin = server.node().admin();
        receiver.up();
        await("every queued alert after the restart", 60_000, () -> receivedAlertIds().containsAll(queued));
        JsonNode rows = json("GET", "outbox?destination=" + hook + "&max=500", null, 200);
        Map<String, Integer> perAlert = new HashMap<>();
        rows.forEach(r -> {
            assertEquals("delivered", r.get("state").asText(), r.toString());
            perAlert.merge(r.get("alertId").asText(), 1, Integer::sum);
        });
        assertTrue(perAlert.values().stream().allMatch(n -> n == 1), "one row per alert and destination: " + perAlert);
        assertFalse(server.node().logMatches(Pattern.compile(Pattern.quote(SECRET))), "the secret is never logged");
    }
}
