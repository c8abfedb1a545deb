package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.gatehouse.authenticators.mfa.MfaOption;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The address budget (docs/mfa-policy.md, "Address budget") on the real server: one address spraying wrong
 * passwords across many accounts is refused after the realm's budget of failed first factors, before any password
 * is checked, with the same page and event whoever the username names; other addresses sign in as usual; the
 * budget returns with the window (Keycloak's time offset) and 0 switches it off. Each test has its own loopback
 * address, so their budgets don't mix. One server for the class; the budget is 5 failures in 15 minutes.
 */
class IpBudgetIT {

    static final String PASSWORD = "Passw0rd-it";
    static final String POLICY_CONFIG = "/realms/demo/authentication/required-actions/gatehouse-mfa-enrol/config";
    static final int BUDGET = 5;
    static final Pattern THROTTLED = Pattern.compile(
            "Too many failed sign-ins from your network\\. Try again in (\\d+) minutes?\\.");
    static final String LOGIN_FORM = "kc-form-login";
    static final String EMAIL_FORM = "gatehouse-email-address-form";
    static final String CODE_FORM = "gatehouse-email-code-form";

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
        budget(BUDGET, 15);
    }

    @AfterEach
    void realTime() {
        clock.offset(0);
    }

    @Test
    void sprayingWrongPasswordsAcrossAccountsIsRefusedAfterTheBudget() {
        List<String> victims = users("spray", BUDGET + 2);
        OidcBrowser attacker = browser("127.0.0.21");
        for (int i = 0; i < BUDGET; i++) {
            OidcBrowser.Page page = tryPassword(attacker, victims.get(i), "wrong-" + i);
            assertEquals(200, page.status(), "failure " + (i + 1) + " is an ordinary wrong password");
            assertFalse(THROTTLED.matcher(page.message()).find(), page.message());
        }
        OidcBrowser.Page refused = tryPassword(attacker, victims.get(BUDGET), "wrong");
        assertThrottled(refused);
        assertTrue(Integer.parseInt(refused.response().headers().firstValue("Retry-After").orElseThrow()) > 0);

        // The right password of another account doesn't get through either: nothing is checked.
        assertThrottled(tryPassword(attacker, victims.get(BUDGET + 1), PASSWORD));
        EventRepresentation event = awaitThrottledEvent("127.0.0.21", 2);
        assertNull(event.getUserId(), "the refusal names no account");
    }

    @Test
    void refusalLooksTheSameForKnownAndUnknownUsers() {
        List<String> known = users("enum", 1);
        OidcBrowser attacker = browser("127.0.0.22");
        for (int i = 0; i < BUDGET; i++) {
            tryPassword(attacker, "nobody-" + i, "wrong");
        }
        OidcBrowser.Page forKnown = tryPassword(attacker, known.get(0), "wrong");
        OidcBrowser.Page forUnknown = tryPassword(attacker, "nobody-at-all", "wrong");
        assertThrottled(forKnown);
        assertThrottled(forUnknown);
        assertEquals(comparable(forKnown, known.get(0)), comparable(forUnknown, "nobody-at-all"),
                "the same page for an existing and a missing account");
        List<EventRepresentation> events = awaitThrottledEvents("127.0.0.22", 2);
        assertEquals(shape(events.get(0)), shape(events.get(1)), "the same event for both");
    }

    @Test
    void anotherAddressIsUnaffected() {
        List<String> victims = users("neighbour", BUDGET + 1);
        OidcBrowser attacker = browser("127.0.0.23");
        for (int i = 0; i < BUDGET; i++) {
            tryPassword(attacker, victims.get(i), "wrong");
        }
        assertThrottled(tryPassword(attacker, victims.get(BUDGET), PASSWORD));
        // The account's owner, behind another address, signs in to a token.
        OidcBrowser other = browser("127.0.0.24");
        assertTrue(other.signIn(server.baseUrl(), "demo", victims.get(BUDGET), PASSWORD).accessToken().length() > 0);
        // The attacker's own login page says it is refused, before anything is typed.
        OidcBrowser.Authorization again = attacker.authorize(server.baseUrl(), "demo");
        assertTrue(THROTTLED.matcher(again.firstPage().message()).find(), again.firstPage().message());
    }

    @Test
    void theBudgetReturnsWithTheWindow() {
        List<String> victims = users("window", 2 * BUDGET + 1);
        OidcBrowser attacker = browser("127.0.0.25");
        for (int i = 0; i < BUDGET; i++) {
            tryPassword(attacker, victims.get(i), "wrong");
        }
        OidcBrowser.Page refused = tryPassword(attacker, victims.get(BUDGET), PASSWORD);
        assertThrottled(refused);
        int minutes = minutes(refused);
        assertTrue(minutes >= 1 && minutes <= 15, "the wait is within the window: " + minutes);

        // Two windows later nothing of the earlier failures weighs: the whole budget again, then refused again.
        clock.offset(30 * 60);
        for (int i = 0; i < BUDGET; i++) {
            OidcBrowser.Page page = tryPassword(attacker, victims.get(BUDGET + i), "wrong");
            assertEquals(200, page.status(), "failure " + (i + 1) + " after the window: " + page.message());
        }
        assertThrottled(tryPassword(attacker, victims.get(2 * BUDGET), "wrong"));
        clock.offset(60 * 60);
        assertTrue(attacker.signIn(server.baseUrl(), "demo", victims.get(2 * BUDGET), PASSWORD).accessToken().length() > 0);
    }

    @Test
    void budgetZeroSwitchesItOff() {
        List<String> victims = users("off", 3 * BUDGET);
        budget(0, 15);
        try {
            OidcBrowser attacker = browser("127.0.0.26");
            for (int i = 0; i < 3 * BUDGET - 1; i++) {
                OidcBrowser.Page page = tryPassword(attacker, victims.get(i), "wrong");
                assertEquals(200, page.status(), "failure " + (i + 1) + ": " + page.message());
            }
            assertTrue(attacker.signIn(server.baseUrl(), "demo", victims.get(3 * BUDGET - 1), PASSWORD).accessToken().length() > 0);
        } finally {
            budget(BUDGET, 15);
        }
    }

    @Test
    void wrongSignInCodesSpendTheBudgetToo() throws Exception {
        // The passwordless first factor (client demo-passwordless): a code for an address without an account is
        // checked like any other, three tries per code, so the budget spans two sign-ins here.
        OidcBrowser attacker = new OidcBrowser("demo-passwordless", InetAddress.getByName("127.0.0.27"));
        int failures = 0;
        OidcBrowser.Page page = null;
        for (int signIn = 0; failures < BUDGET; signIn++) {
            OidcBrowser.Authorization auth = attacker.authorize(server.baseUrl(), "demo");
            page = attacker.submit(auth.firstPage().formAction(EMAIL_FORM), Map.of("email", "ghost-" + signIn + "@example.com"));
            for (int guess = 0; guess < 3 && failures < BUDGET; guess++, failures++) {
                page = attacker.submit(page.formAction(CODE_FORM), Map.of("code", "000000"));
                assertEquals(200, page.status(), "wrong code " + (failures + 1) + ": " + page.message());
            }
        }
        OidcBrowser.Page refused = attacker.submit(page.formAction(CODE_FORM), Map.of("code", "000000"));
        assertEquals(429, refused.status(), refused.message());
        assertTrue(THROTTLED.matcher(refused.message()).find(), refused.message());
        assertTrue(refused.hasForm(CODE_FORM), "the code page again");
        awaitThrottledEvent("127.0.0.27", 1);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Sets the two budget options in the realm's policy config, keeping its other options. */
    static void budget(int failures, int windowMinutes) {
        HttpResponse<String> current = server.admin().call("GET", POLICY_CONFIG, null);
        Map<String, String> config = new LinkedHashMap<>();
        if (current.statusCode() == 200) {
            Json.parse(current.body()).path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        }
        config.put(MfaOption.IP_FAILURES.key(), Integer.toString(failures));
        config.put(MfaOption.IP_WINDOW_MINUTES.key(), Integer.toString(windowMinutes));
        HttpResponse<String> put = server.admin().call("PUT", POLICY_CONFIG, Map.of("config", config));
        assertEquals(204, put.statusCode(), "setting the address budget: " + put.body());
    }

    /** The demo realm's budget as configured on this node (the declared default when the config doesn't set it). */
    static int demoBudget(KeycloakNode node) {
        HttpResponse<String> current = node.admin().call("GET", POLICY_CONFIG, null);
        String configured = current.statusCode() == 200
                ? Json.parse(current.body()).path("config").path(MfaOption.IP_FAILURES.key()).asText("") : "";
        return Integer.parseInt(configured.isBlank() ? MfaOption.IP_FAILURES.defaultValue() : configured);
    }

    /** n users with a password, named prefix-0…; returns their names. */
    static List<String> users(String prefix, int n) {
        List<UserRepresentation> reps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + "-" + i);
            reps.add(Accounts.user(prefix + "-" + i, prefix + "-" + i + "@example.com", true, Accounts.password(PASSWORD)));
        }
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, reps);
        return names;
    }

    static OidcBrowser browser(String loopback) {
        try {
            return new OidcBrowser("demo-app", InetAddress.getByName(loopback));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh sign-in's password form, submitted once. */
    static OidcBrowser.Page tryPassword(OidcBrowser browser, String username, String password) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        return browser.submit(auth.formAction(), Map.of("username", username, "password", password, "credentialId", ""));
    }

    static void assertThrottled(OidcBrowser.Page page) {
        assertEquals(429, page.status(), page.message());
        assertTrue(THROTTLED.matcher(page.message()).find(), "message: " + page.message());
        assertTrue(page.hasForm(LOGIN_FORM), "the login form again");
    }

    static int minutes(OidcBrowser.Page page) {
        var m = THROTTLED.matcher(page.message());
        assertTrue(m.find(), page.message());
        return Integer.parseInt(m.group(1));
    }

    /** The page without what differs per sign-in (the form's session parameters) or was typed (the username). */
    static String comparable(OidcBrowser.Page page, String typed) {
        return page.body().replace(typed, "TYPED")
                .replaceAll("(session_code|execution|tab_id|client_data|client_id|kc_locale)=[^&\"]*", "$1=X")
                // the passkey autofill's WebAuthn challenge is fresh on every page
                .replaceAll("challenge : \"[^\"]*\"", "challenge : X");
    }

    static List<String> shape(EventRepresentation e) {
        List<String> shape = new ArrayList<>(List.of(e.getType(), e.getError(), String.valueOf(e.getUserId())));
        shape.addAll(e.getDetails() == null ? List.of() : new java.util.TreeSet<>(e.getDetails().keySet()));
        return shape;
    }

    static EventRepresentation awaitThrottledEvent(String ip, int atLeast) {
        return awaitThrottledEvents(ip, atLeast).get(0);
    }

    /** The LOGIN_ERROR events with error gatehouse_ip_throttled from this address, newest first. */
    static List<EventRepresentation> awaitThrottledEvents(String ip, int atLeast) {
        List<EventRepresentation> found = List.of();
        for (int i = 0; i < 50; i++) {
            found = realm.getEvents(List.of("LOGIN_ERROR"), null, null, null, null, ip, 0, 100).stream()
                    .filter(e -> "gatehouse_ip_throttled".equals(e.getError())).toList();
            if (found.size() >= atLeast) {
                return found;
            }
            TrustedDeviceIT.awaitLoginRelease();
        }
        throw new AssertionError("expected " + atLeast + " throttled events from " + ip + ", found " + found.size());
    }
}
