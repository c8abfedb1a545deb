package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Flows;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.TestClock;
import dev.gatehouse.testsupport.fakes.FakeTwilio;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * SMS one-time codes on the real server, delivered to an in-process Twilio fake that speaks Twilio's wire format
 * and checks Basic auth: enrolment (required action {@code gatehouse-sms-code-setup}), the second factor in the
 * demo realm's browser flow, Twilio Verify, Twilio's errors, the number policy, the toll-fraud budgets, brute
 * force, enrolment without revealing numbers, and no number or code in the server log. One server for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmsCodeIT {

    static final String PASSWORD = "Passw0rd-it";
    static final String SETUP = "gatehouse-sms-code-setup";
    static final String CREDENTIAL = "gatehouse-sms-code";
    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "auth-token-0123456789abcdef01234";
    static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
    static final String API_KEY_SECRET = "api-key-secret-0123456789abcdef";
    static final String VERIFY_SERVICE_SID = "VA0123456789abcdef0123456789abcdef";
    /** Keycloak's outgoing HTTP read timeout for this server: short, so a silent Twilio fails fast. */
    static final int SOCKET_TIMEOUT_MILLIS = 2000;

    /** What the pages say (en), in one place. */
    static final String SAYS_SENT = "We sent a code";
    static final String SAYS_COULD_NOT_SEND = "could not send";
    static final String SAYS_THROTTLED = "Too many codes";

    @AutoClose
    static FakeTwilio twilio;
    @AutoClose
    static DemoServer demo;
    static KeycloakNode server;
    static RealmResource realm;
    static TestClock clock;

    /** Every number and code the tests used: none may appear in the server log. */
    static final Set<String> NUMBERS = ConcurrentHashMap.newKeySet();
    static final Set<String> CODES = ConcurrentHashMap.newKeySet();
    static final AtomicInteger NEXT = new AtomicInteger(100);

    @BeforeAll
    static void start() {
        twilio = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
        twilio.addApiKey(API_KEY_SID, API_KEY_SECRET);
        demo = DemoServer.start("sms-code",
                Map.of("KC_SPI_CONNECTIONS_HTTP_CLIENT__DEFAULT__SOCKET_TIMEOUT_MILLIS", String.valueOf(SOCKET_TIMEOUT_MILLIS)),
                TestClock.providerDir());
        server = demo.node();
        realm = server.adminClient().realm("demo");
        clock = new TestClock(server.baseUrl());
        if (realm.flows().getRequiredActions().stream().noneMatch(a -> SETUP.equals(a.getAlias()))) {
            RequiredActionProviderSimpleRepresentation action = new RequiredActionProviderSimpleRepresentation();
            action.setProviderId(SETUP);
            action.setName("Gatehouse: Set up SMS codes");
            realm.flows().registerRequiredAction(action);
        }
        // Short cooldowns keep the tests fast; every test signs in from 127.0.0.1, so the hourly per-IP budget is high.
        Flows.configure(realm, "gatehouse-browser", CREDENTIAL, CREDENTIAL + "-it", Map.of(
                "gatehouse.code.resendCooldown", "2", "gatehouse.code.ttl", "120",
                "gatehouse.sends.perIp", "1000", "gatehouse.sends.perSession", "1000"));
        sms(Map.of());
    }

    // ---- settings -------------------------------------------------------------------------------------------

    /** The realm's SMS settings for the tests: Twilio Messaging on the fake, high budgets, no growing delay. */
    static Map<String, String> baseSettings() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("gatehouse.sms.sender", "twilio");
        c.put("gatehouse.sms.twilio.accountSid", ACCOUNT_SID);
        c.put("gatehouse.sms.twilio.secret", AUTH_TOKEN);
        c.put("gatehouse.sms.twilio.from", "+15005550006");
        c.put("gatehouse.sms.twilio.verifyServiceSid", VERIFY_SERVICE_SID);
        c.put("gatehouse.sms.twilio.apiUrl", twilio.baseUrl());
        c.put("gatehouse.sms.twilio.verifyUrl", twilio.baseUrl());
        c.put("gatehouse.sms.defaultRegion", "US");
        c.put("gatehouse.sms.allowedCountries", "US,DE,GB");
        c.put("gatehouse.sms.oneAccountPerNumber", "false");
        c.put("gatehouse.sms.daily.perDestination", "100");
        c.put("gatehouse.sms.daily.perIp", "100000");
        c.put("gatehouse.sms.daily.perUser", "100");
        c.put("gatehouse.sms.daily.perCountry", "100000");
        c.put("gatehouse.sms.daily.realmCap", "100000");
        c.put("gatehouse.sms.delay.base", "0");
        return c;
    }

    /** Sets the realm's SMS options (the setup action's config): the test settings with these changed. */
    static void sms(Map<String, String> changes) {
        Map<String, String> config = baseSettings();
        config.putAll(changes);
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(config);
        realm.flows().updateRequiredActionConfig(SETUP, rep);
    }

    /** Runs {@code body} with these SMS options, then restores the test settings. */
    static void withSms(Map<String, String> changes, ThrowingRunnable body) throws Exception {
        sms(changes);
        try {
            body.run();
        } finally {
            sms(Map.of());
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---- numbers, users -------------------------------------------------------------------------------------

    /** A fresh US number (FIXED_LINE_OR_MOBILE for libphonenumber; 555-01xx are fictional). */
    static String usNumber() {
        return used(String.format(java.util.Locale.ROOT, "+1201555%04d", NEXT.getAndIncrement()));
    }

    /** A fresh German mobile number. */
    static String deMobile() {
        return used(String.format(java.util.Locale.ROOT, "+4915112%06d", NEXT.getAndIncrement()));
    }

    /** A fresh British mobile number. */
    static String gbMobile() {
        return used(String.format(java.util.Locale.ROOT, "+447400%06d", NEXT.getAndIncrement()));
    }

    static String used(String e164) {
        NUMBERS.add(e164);
        return e164;
    }

    /** A user with a password; {@code enrol} gives them the setup action, so their next sign-in asks for a number. */
    static String user(String name, boolean enrol) {
        UserRepresentation user = Accounts.user(name, name + "@example.com", true, Accounts.password(PASSWORD));
        if (enrol) {
            user.setRequiredActions(List.of(SETUP));
        }
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(user));
        return Accounts.id(realm, name);
    }

    /** A user who has enrolled this number through the setup action (and signed in once, with the password). */
    static String enrolled(String name, String e164) {
        String id = user(name, true);
        Flow f = password(new OidcBrowser("demo-app"), name);
        f = f.phone(e164);
        assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        OidcBrowser.Page done = f.code(code(e164, 1));
        assertTrue(done.redirectsToClient(), done.message());
        return id;
    }

    static List<CredentialRepresentation> smsCredentials(String userId) {
        return realm.users().get(userId).credentials().stream().filter(c -> CREDENTIAL.equals(c.getType())).toList();
    }

    // ---- the fake's messages ---------------------------------------------------------------------------------

    /** The code of the newest message to a number, once {@code count} have arrived (15 s at most). */
    static String code(String e164, int count) {
        awaitMessages(e164, count);
        String code = twilio.lastCode(e164);
        assertNotNull(code, "no code in the newest message to the number");
        CODES.add(code);
        return code;
    }

    /** Messages (Programmable Messaging) and Verify sends the fake accepted for a number. */
    static int messages(String e164) {
        return twilio.messagesTo(e164).size() + twilio.verificationsTo(e164).size();
    }

    /** The text of the newest message to a number. */
    static String lastBody(String e164) {
        List<FakeTwilio.Message> all = twilio.messagesTo(e164);
        return all.get(all.size() - 1).body();
    }

    static void awaitMessages(String e164, int count) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (messages(e164) < count && System.currentTimeMillis() < deadline) {
            pause(50);
        }
        assertEquals(count, messages(e164), "messages to the number");
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the browser side ------------------------------------------------------------------------------------

    private static final Pattern FORM_BLOCK = Pattern.compile("(?is)<form\\b[^>]*>.*?</form>");
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");

    /** The action of the page's form holding a field or button with this name. */
    static String formWith(OidcBrowser.Page page, String field) {
        Matcher forms = FORM_BLOCK.matcher(page.body());
        while (forms.find()) {
            if (forms.group().contains("name=\"" + field + "\"")) {
                Matcher action = ACTION.matcher(forms.group());
                if (action.find()) {
                    return action.group(1).replace("&amp;", "&");
                }
            }
        }
        throw new AssertionError("no form with " + field + " on the page: " + page.message() + "\n" + page.body());
    }

    static boolean hasField(OidcBrowser.Page page, String field) {
        return page.body().contains("name=\"" + field + "\"");
    }

    /** A sign-in in progress: the browser, its authorization request and the page it is on. */
    record Flow(OidcBrowser browser, OidcBrowser.Authorization auth, OidcBrowser.Page page) {
        /**
         * Types a code at human pace: two failures less than a second apart trip the realm's quick-login check,
         * which locks the user at once; the tests count failures one by one.
         */
        OidcBrowser.Page code(String code) {
            pause(1100);
            return browser.submit(formWith(page, "code"), Map.of("code", code));
        }

        Flow phone(String typed) {
            return on(browser.submit(formWith(page, "phone"), Map.of("phone", typed)));
        }

        Flow resend() {
            return on(browser.submit(formWith(page, "resend"), Map.of("resend", "true")));
        }

        Flow change() {
            return on(browser.submit(formWith(page, "change"), Map.of("change", "true")));
        }

        Flow on(OidcBrowser.Page next) {
            return new Flow(browser, auth, next);
        }

        OidcBrowser.Tokens tokens(OidcBrowser.Page redirect) {
            return browser.complete(server.baseUrl(), "demo", auth, redirect);
        }
    }

    /** The password step of the demo browser flow; returns the page after it. */
    static Flow password(OidcBrowser browser, String username) {
        return password(browser, username, null);
    }

    static Flow password(OidcBrowser browser, String username, String extraQuery) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", extraQuery);
        OidcBrowser.Page page = browser.submit(auth.formAction(), Map.of("username", username, "password", PASSWORD));
        return new Flow(browser, auth, page);
    }

    static String acr(OidcBrowser.Tokens tokens) {
        return Json.claims(tokens.idToken()).get("acr").asText();
    }

    // ---- events ----------------------------------------------------------------------------------------------

    /** The user's 100 newest events, as JSON (details included). */
    static String events(String userId) {
        return Json.write(realm.getEvents(null, null, userId, null, null, null, 0, 100));
    }

    /** Waits for an event of this user whose details hold {@code key=value}; events of errors commit apart. */
    static EventRepresentation awaitEvent(String userId, String key, String value) {
        for (int i = 0; i < 100; i++) {
            for (EventRepresentation e : realm.getEvents(null, null, userId, null, null, null, 0, 100)) {
                if (e.getDetails() != null && value.equals(e.getDetails().get(key))) {
                    return e;
                }
            }
            pause(100);
        }
        throw new AssertionError("no event with " + key + "=" + value + " for the user: " + events(userId));
    }

    static int failures(String userId) {
        return ((Number) realm.attackDetection().bruteForceUserStatus(userId).getOrDefault("numFailures", 0)).intValue();
    }

    // ---- enrolment and sign-in -------------------------------------------------------------------------------

    @Test
    void enrolmentSavesTheNumberOnlyAfterTheCodeThenSignsInWithAnSmsCode() throws Exception {
        String number = usNumber();
        String id = user("sms-amy", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-amy");
        assertTrue(hasField(f.page(), "phone"), "the setup action asks for a number: " + f.page().message());

        f = f.phone("(201) 555-" + number.substring(number.length() - 4)); // national notation, default region US
        assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        assertTrue(f.page().body().contains("autocomplete=\"one-time-code\""));
        assertFalse(f.page().body().contains(number.substring(2)), "the number is shown masked");
        assertTrue(smsCredentials(id).isEmpty(), "nothing is saved before the code proves the number");

        assertEquals(ACCOUNT_SID, twilio.messagesTo(number).get(0).authUser(), "Basic auth with the Account SID and its token");
        OidcBrowser.Page done = f.code(code(number, 1));
        assertTrue(done.redirectsToClient(), done.message());
        List<CredentialRepresentation> saved = smsCredentials(id);
        assertEquals(1, saved.size(), "the verified number is a credential");
        String label = saved.get(0).getUserLabel();
        assertNotNull(label);
        assertFalse(label.contains(number.substring(2)), "the credential is labelled with the masked number: " + label);
        assertTrue(label.endsWith(number.substring(number.length() - 2)), label);

        // The next sign-in asks for an SMS code and reaches level 2.
        Flow s = password(new OidcBrowser("demo-app"), "sms-amy");
        assertTrue(hasField(s.page(), "code"), s.page().message());
        OidcBrowser.Page signedIn = s.code(code(number, 2));
        assertTrue(signedIn.redirectsToClient(), signedIn.message());
        OidcBrowser.Tokens tokens = s.tokens(signedIn);
        assertEquals("sms-amy", tokens.accessClaims().get("preferred_username").asText());
        assertEquals("2", acr(tokens), "password and SMS code are two factors");

        String all = events(id);
        assertTrue(all.contains("code_sent") && all.contains("code_verified"), all);
        assertFalse(all.contains(number), "events show the number only masked");

        // Admins see the credential and can remove it; then the password alone is all this user has.
        realm.users().get(id).removeCredential(saved.get(0).getId());
        assertTrue(smsCredentials(id).isEmpty());
        Flow after = password(new OidcBrowser("demo-app"), "sms-amy");
        assertFalse(hasField(after.page(), "code"), "no SMS step once the number is removed");
    }

    @Test
    void apiKeyCredentialsAuthenticateToTwilio() throws Exception {
        withSms(Map.of("gatehouse.sms.twilio.apiKeySid", API_KEY_SID, "gatehouse.sms.twilio.secret", API_KEY_SECRET), () -> {
            String number = usNumber();
            enrolled("sms-ben", number);
            Flow s = password(new OidcBrowser("demo-app"), "sms-ben");
            OidcBrowser.Page done = s.code(code(number, 2));
            assertEquals("2", acr(s.tokens(done)));
            assertTrue(twilio.messagesTo(number).stream().allMatch(m -> API_KEY_SID.equals(m.authUser())),
                    "Basic auth with the API key SID and its secret");
        });
    }

    @Test
    void wrongTwilioCredentialsGiveCouldNotSend() throws Exception {
        withSms(Map.of("gatehouse.sms.twilio.secret", "not-the-token"), () -> {
            String number = usNumber();
            String id = user("sms-cal", true);
            Flow f = password(new OidcBrowser("demo-app"), "sms-cal").phone(number);
            assertTrue(f.page().message().contains(SAYS_COULD_NOT_SEND), f.page().message());
            assertFalse(f.page().body().contains(SAYS_SENT));
            assertEquals(0, messages(number), "the fake refused the request");
            awaitEvent(id, "gatehouse_otp_event", "send_failed");
        });
    }

    @Test
    void theMessageEndsInTheWebOtpLineAndIsLocalized() throws Exception {
        String number = usNumber();
        user("sms-dora", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-dora", "ui_locales=de");
        f = f.phone(number);
        String code = code(number, 1);
        String body = lastBody(number);
        String[] lines = body.split("\n");
        assertEquals("@localhost #" + code, lines[lines.length - 1], "the WebOTP line is last: " + body);
        assertTrue(body.contains("Code"), "German text: " + body);
        String english = body;
        f.code(code);

        String other = usNumber();
        user("sms-eli", true);
        password(new OidcBrowser("demo-app"), "sms-eli").phone(other);
        code(other, 1);
        String en = lastBody(other);
        assertNotEquals(en.replaceAll("\\d+", "#"), english.replaceAll("\\d+", "#"), "de and en texts differ");
    }

    // ---- Twilio Verify ---------------------------------------------------------------------------------------

    @Test
    void verifyModeEnrolsAndSignsInWithTwiliosCodeAndCountsWrongCodes() throws Exception {
        withSms(Map.of("gatehouse.sms.sender", "twilio-verify"), () -> {
            String number = usNumber();
            String id = enrolled("sms-fay", number);
            Flow s = password(new OidcBrowser("demo-app"), "sms-fay");
            String code = code(number, 2);
            String wrong = code.equals("000000") ? "111111" : "000000";
            OidcBrowser.Page p = s.code(wrong);
            assertFalse(p.redirectsToClient());
            assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
            assertEquals(1, failures(id), "a wrong code Twilio did not approve counts toward brute force");
            OidcBrowser.Page done = s.on(p).code(code);
            assertTrue(done.redirectsToClient(), done.message());
            assertEquals("2", acr(s.tokens(done)));
        });
    }

    // ---- Twilio's errors -------------------------------------------------------------------------------------

    @Test
    void eachTwilioErrorGivesCouldNotSendAndAnEventWithTwiliosCode() throws Exception {
        int n = 0;
        for (int twilioCode : new int[] {21211, 21408, 21610, 21614}) {
            String number = usNumber();
            twilio.failFor(number, 400, twilioCode);
            String id = user("sms-err" + n++, true);
            Flow f = password(new OidcBrowser("demo-app"), "sms-err" + (n - 1)).phone(number);
            assertEquals(200, f.page().status());
            assertTrue(f.page().message().contains(SAYS_COULD_NOT_SEND), twilioCode + ": " + f.page().message());
            assertFalse(f.page().body().contains(SAYS_SENT), twilioCode + ": never 'code sent' when nothing was sent");
            assertEquals(0, messages(number));
            EventRepresentation e = awaitEvent(id, "gatehouse_otp_event", "send_failed");
            assertTrue(Json.write(e).contains(String.valueOf(twilioCode)), "the event carries Twilio's code: " + Json.write(e));
        }
    }

    @Test
    void aServerErrorIsRetriedOnce() throws Exception {
        String number = usNumber();
        user("sms-gus", true);
        int requests = twilio.requestCount();
        twilio.failNext(1, 503);
        Flow f = password(new OidcBrowser("demo-app"), "sms-gus").phone(number);
        assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        assertEquals(1, messages(number));
        assertEquals(requests + 2, twilio.requestCount(), "one failed request, one retry");
        assertTrue(f.code(code(number, 1)).redirectsToClient());
    }

    @Test
    void twoServerErrorsGiveCouldNotSend() throws Exception {
        String number = usNumber();
        String id = user("sms-hal", true);
        int requests = twilio.requestCount();
        twilio.failNext(2, 500);
        Flow f = password(new OidcBrowser("demo-app"), "sms-hal").phone(number);
        assertTrue(f.page().message().contains(SAYS_COULD_NOT_SEND), f.page().message());
        assertEquals(requests + 2, twilio.requestCount(), "retried at most once");
        awaitEvent(id, "gatehouse_otp_event", "send_failed");
    }

    @Test
    void aTimeoutGivesCouldNotSend() throws Exception {
        String number = usNumber();
        String id = user("sms-ida", true);
        twilio.delay(SOCKET_TIMEOUT_MILLIS + 1500L);
        try {
            long started = System.nanoTime();
            Flow f = password(new OidcBrowser("demo-app"), "sms-ida").phone(number);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(f.page().message().contains(SAYS_COULD_NOT_SEND), f.page().message());
            assertFalse(f.page().body().contains(SAYS_SENT));
            assertTrue(tookMillis < 4L * SOCKET_TIMEOUT_MILLIS + 3000, "one retry at most: " + tookMillis + " ms");
            awaitEvent(id, "gatehouse_otp_event", "send_failed");
        } finally {
            twilio.delay(0);
            pause(SOCKET_TIMEOUT_MILLIS + 1500L); // let the late answers go before the next test counts messages
        }
    }

    // ---- the number policy -----------------------------------------------------------------------------------

    @Test
    void invalidPremiumRateAndLandlineNumbersAreRefusedAtEnrolment() throws Exception {
        user("sms-jon", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-jon");
        int before = twilio.requestCount();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("12345", "valid");          // not a number libphonenumber accepts
        refused.put("call me maybe", "valid");
        refused.put(used("+19002345678"), "premium");  // US premium rate
        refused.put(used("+4930123456"), "landline");  // a Berlin landline
        for (Map.Entry<String, String> r : refused.entrySet()) {
            f = f.phone(r.getKey());
            assertEquals(200, f.page().status());
            assertTrue(hasField(f.page(), "phone"), "the number page again for " + r.getKey());
            assertFalse(f.page().message().isEmpty(), "a clear message for " + r.getKey());
            assertFalse(f.page().body().contains(SAYS_SENT));
        }
        assertEquals(before, twilio.requestCount(), "nothing is sent to a refused number");
    }

    @Test
    void aCountryOutsideTheAllowlistIsRefused() throws Exception {
        String id = user("sms-kim", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-kim");
        int before = twilio.requestCount();
        f = f.phone(used("+33612345678")); // a French mobile; the tests allow US, DE, GB
        assertTrue(hasField(f.page(), "phone"), f.page().message());
        assertFalse(f.page().message().isEmpty());
        assertEquals(before, twilio.requestCount());

        // A German mobile is allowed and works.
        String de = deMobile();
        f = f.phone(de);
        assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        assertTrue(f.code(code(de, 1)).redirectsToClient());
        assertEquals(1, smsCredentials(id).size());
    }

    @Test
    void anEmptyAllowlistMeansTheDefaultRegionOnly() throws Exception {
        withSms(Map.of("gatehouse.sms.allowedCountries", ""), () -> {
            user("sms-lou", true);
            Flow f = password(new OidcBrowser("demo-app"), "sms-lou");
            int before = twilio.requestCount();
            f = f.phone(deMobile());
            assertTrue(hasField(f.page(), "phone"), f.page().message());
            assertEquals(before, twilio.requestCount());
            String us = usNumber();
            f = f.phone(us);
            assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        });
    }

    // ---- toll-fraud budgets ----------------------------------------------------------------------------------

    /** A refused send: the page says so, an event names the budget, and the fake got nothing more. */
    static void assertThrottled(Flow f, String userId, String number, int messagesBefore, String budget) {
        assertTrue(f.page().message().contains(SAYS_THROTTLED) || f.page().message().contains("wait"), budget + ": " + f.page().message());
        assertFalse(f.page().body().contains(SAYS_SENT + " to"), budget + ": no 'sent' when nothing was sent");
        pause(300);
        assertEquals(messagesBefore, messages(number), budget + ": nothing more reached Twilio");
        EventRepresentation e = awaitEvent(userId, "gatehouse_budget", budget);
        assertEquals("gatehouse_send_throttled", e.getError(), Json.write(e));
    }

    @Test
    void theDailyBudgetPerNumberStopsSends() throws Exception {
        withSms(Map.of("gatehouse.sms.daily.perDestination", "2"), () -> {
            String number = usNumber();
            String id = user("sms-max", true);
            Flow f = password(new OidcBrowser("demo-app"), "sms-max").phone(number);
            code(number, 1);
            pause(2100);
            f = f.resend();
            code(number, 2);
            pause(2100);
            f = f.resend();
            assertThrottled(f, id, number, 2, "daily_destination");
        });
    }

    @Test
    void theDailyBudgetPerIpStopsSends() throws Exception {
        String number = usNumber();
        String id = user("sms-ned", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-ned").phone(number);
        code(number, 1);
        withSms(Map.of("gatehouse.sms.daily.perIp", "1"), () -> {
            pause(2100);
            Flow again = f.resend();
            assertThrottled(again, id, number, 1, "daily_ip");
        });
    }

    @Test
    void theDailyBudgetPerUserStopsSendsToOtherNumbers() throws Exception {
        withSms(Map.of("gatehouse.sms.daily.perUser", "2"), () -> {
            String id = user("sms-oda", true);
            String first = usNumber();
            String second = usNumber();
            String third = usNumber();
            Flow f = password(new OidcBrowser("demo-app"), "sms-oda").phone(first);
            code(first, 1);
            f = f.change().phone(second);
            code(second, 1);
            f = f.change().phone(third);
            assertThrottled(f, id, third, 0, "daily_user");
        });
    }

    @Test
    void theDailyBudgetPerCountryStopsSends() throws Exception {
        String gb = gbMobile();
        String id = user("sms-pam", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-pam").phone(gb);
        code(gb, 1);
        withSms(Map.of("gatehouse.sms.daily.perCountry", "1"), () -> {
            String other = gbMobile();
            String id2 = user("sms-pat", true);
            Flow g = password(new OidcBrowser("demo-app"), "sms-pat").phone(other);
            assertThrottled(g, id2, other, 0, "daily_country");
        });
        assertTrue(f.code(twilio.lastCode(gb)).redirectsToClient());
        assertEquals(1, smsCredentials(id).size());
    }

    @Test
    void theRealmsDailyCapStopsSends() throws Exception {
        String number = usNumber();
        user("sms-quy", true);
        password(new OidcBrowser("demo-app"), "sms-quy").phone(number);
        code(number, 1); // at least one message today
        withSms(Map.of("gatehouse.sms.daily.realmCap", "1"), () -> {
            String other = usNumber();
            String id = user("sms-ray", true);
            Flow f = password(new OidcBrowser("demo-app"), "sms-ray").phone(other);
            assertThrottled(f, id, other, 0, "daily_realm");
        });
    }

    @Test
    void repeatedSendsToOneNumberWaitLongerEachTime() throws Exception {
        withSms(Map.of("gatehouse.sms.delay.base", "30"), () -> {
            String number = usNumber();
            String id = user("sms-sue", true);
            Flow f = password(new OidcBrowser("demo-app"), "sms-sue").phone(number);
            code(number, 1);
            pause(2100); // past the resend cooldown, not past the growing delay
            f = f.resend();
            assertThrottled(f, id, number, 1, "delay");
            try {
                clock.offset(31); // past the 30 s base
                f = f.resend();
                assertTrue(f.page().body().contains(SAYS_SENT) || f.page().message().contains("sent"), f.page().message());
                awaitMessages(number, 2);
                clock.offset(31 + 31); // the second wait is longer than the base
                f = f.resend();
                assertEquals(2, messages(number), "the delay grew: " + f.page().message());
            } finally {
                clock.offset(0);
            }
        });
    }

    // ---- brute force -----------------------------------------------------------------------------------------

    @Test
    void wrongSmsCodesLockTheUser() throws Exception {
        String number = usNumber();
        String id = enrolled("sms-tia", number);
        Flow s = password(new OidcBrowser("demo-app"), "sms-tia");
        String code = code(number, 2);
        String wrong = code.equals("000000") ? "111111" : "000000";
        OidcBrowser.Page p = s.code(wrong);
        assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
        p = s.on(p).code(wrong);
        p = s.on(p).code(wrong);
        assertTrue(p.message().contains("no longer works"), p.message());
        pause(2100);
        p = s.on(p).resend().page();
        String second = code(number, 3);
        p = s.on(p).code(wrong);
        p = s.on(p).code(wrong);
        p = s.on(p).code(second);
        assertFalse(p.redirectsToClient(), "a locked user gets no session, even with the right code");

        Map<String, Object> status = null;
        for (int i = 0; i < 50; i++) {
            status = realm.attackDetection().bruteForceUserStatus(id);
            if (Boolean.TRUE.equals(status.get("disabled"))) {
                break;
            }
            pause(100);
        }
        assertEquals(Boolean.TRUE, status.get("disabled"), status.toString());
        assertTrue(((Number) status.get("numFailures")).intValue() >= 5, status.toString());
    }

    @Test
    void wrongCodesAtEnrolmentCountAsAtSignIn() throws Exception {
        String number = usNumber();
        String id = user("sms-uli", true);
        Flow f = password(new OidcBrowser("demo-app"), "sms-uli").phone(number);
        String code = code(number, 1);
        OidcBrowser.Page p = f.code(code.equals("000000") ? "111111" : "000000");
        assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
        assertEquals(1, failures(id));
        assertTrue(smsCredentials(id).isEmpty());
    }

    @Test
    void codeExpires() throws Exception {
        String number = usNumber();
        enrolled("sms-val", number);
        Flow s = password(new OidcBrowser("demo-app"), "sms-val");
        String code = code(number, 2);
        clock.offset(121); // past the tests' 120 s lifetime, without waiting
        try {
            OidcBrowser.Page p = s.code(code);
            assertFalse(p.redirectsToClient());
            assertTrue(p.message().contains("expired"), p.message());
        } finally {
            clock.offset(0);
        }
    }

    // ---- enrolment reveals nothing -----------------------------------------------------------------------------

    @Test
    void enrollingANumberAnotherAccountUsesLooksLikeAFreeNumber() throws Exception {
        withSms(Map.of("gatehouse.sms.oneAccountPerNumber", "true"), () -> {
            String taken = usNumber();
            enrolled("sms-wes", taken);
            String free = usNumber();

            String takerId = user("sms-xia", true);
            String freeId = user("sms-yves", true);
            Flow onTaken = password(new OidcBrowser("demo-app"), "sms-xia").phone(taken);
            Flow onFree = password(new OidcBrowser("demo-app"), "sms-yves").phone(free);

            assertEquals(onFree.page().status(), onTaken.page().status());
            assertEquals(onFree.page().message(), onTaken.page().message());
            assertEquals(normalize(onFree.page().body()), normalize(onTaken.page().body()),
                    "the pages differ only in the masked number and per-request tokens");
            awaitMessages(free, 1);
            awaitMessages(taken, 2); // the owner's enrolment code, then this one: the same send as for a free number
            assertEquals(eventShape(freeId), eventShape(takerId), "the same events before the code is verified");

            // A wrong code is answered alike too.
            String wrong = "000000".equals(twilio.lastCode(taken)) || "000000".equals(twilio.lastCode(free)) ? "999999" : "000000";
            OidcBrowser.Page wrongTaken = onTaken.code(wrong);
            OidcBrowser.Page wrongFree = onFree.code(wrong);
            assertEquals(wrongFree.message(), wrongTaken.message());

            // Only a verified code (the number proven) tells the taker the number is in use; nothing is saved.
            OidcBrowser.Page verified = onTaken.on(wrongTaken).code(code(taken, 2));
            assertTrue(smsCredentials(takerId).isEmpty(), "a number another account uses is not saved twice");
            assertTrue(onFree.on(wrongFree).code(code(free, 1)).redirectsToClient());
            assertFalse(verified.redirectsToClient() && !smsCredentials(takerId).isEmpty());
        });
    }

    /** The user's events as type, error and detail keys/values with the destination removed, oldest first. */
    static List<String> eventShape(String userId) {
        pause(300);
        List<String> shape = new ArrayList<>();
        for (EventRepresentation e : realm.getEvents(null, null, userId, null, null, null, 0, 100)) {
            Map<String, String> details = new java.util.TreeMap<>(e.getDetails() == null ? Map.of() : e.getDetails());
            details.remove("gatehouse_otp_destination");
            details.remove("username");
            details.remove("code_id");
            details.remove("auth_session_parent_id");
            details.remove("auth_session_tab_id");
            details.remove("redirect_uri");
            shape.add(0, e.getType() + " " + e.getError() + " " + details);
        }
        return shape;
    }

    /** Removes what legitimately differs between two renderings: the masked number, session codes, tab ids. */
    static String normalize(String html) {
        return html.replaceAll("\\+\\d+ \\*+ \\d+", "NUMBER")
                .replaceAll("(session_code|execution|tab_id|client_data|kc_locale)=[^&\"]*", "$1=X");
    }

    // ---- Chromium --------------------------------------------------------------------------------------------

    @Test
    void bobEnrolsAPhoneAndSignsInWithAnSmsCodeInChromium() throws Exception {
        String number = usNumber();
        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            openDemoApp(driver);
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("bob");
            driver.findElement(By.id("password")).sendKeys("bob");
            driver.findElement(By.id("kc-login")).click();

            // bob's next sign-in enrols a phone (demo realm): the number page, then the code page.
            chromium.waitFor(d -> !d.findElements(By.name("phone")).isEmpty());
            driver.findElement(By.name("phone")).sendKeys(number);
            chromium.screenshot("sms-enrol-page");
            driver.findElement(By.name("phone")).submit();

            chromium.waitFor(d -> !d.findElements(By.name("code")).isEmpty());
            assertEquals("one-time-code", driver.findElement(By.name("code")).getDomAttribute("autocomplete"));
            chromium.screenshot("sms-code-page");
            driver.findElement(By.name("code")).sendKeys(code(number, 1));
            driver.findElement(By.name("code")).submit();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI));

            // A new browser session: password, then the SMS code.
            driver.manage().deleteAllCookies();
            openDemoApp(driver);
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("bob");
            driver.findElement(By.id("password")).sendKeys("bob");
            driver.findElement(By.id("kc-login")).click();
            chromium.waitFor(d -> !d.findElements(By.name("code")).isEmpty());
            driver.findElement(By.name("code")).sendKeys(code(number, 2));
            driver.findElement(By.name("code")).submit();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI) && d.getCurrentUrl().contains("code="));
        }
    }

    static void openDemoApp(WebDriver driver) throws Exception {
        String verifier = "chromium-verifier-0123456789-0123456789-0123456789";
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        driver.get(server.baseUrl() + "/realms/demo/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=demo-app"
                + "&redirect_uri=" + URLEncoder.encode(OidcBrowser.REDIRECT_URI, StandardCharsets.UTF_8)
                + "&state=s1&code_challenge_method=S256&code_challenge=" + challenge);
    }

    // ---- the log ---------------------------------------------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void noLogLineHoldsAFullNumberOrACode() throws IOException {
        assertFalse(NUMBERS.isEmpty() || CODES.isEmpty(), "the other tests ran first");
        List<String> lines = Files.readAllLines(server.logFile());
        List<String> leaks = new ArrayList<>();
        for (String number : NUMBERS) {
            // the national number in any notation: digits with optional separators between them
            String digits = number.startsWith("+1") ? number.substring(2) : number.substring(3);
            Pattern p = Pattern.compile(String.join("[\\s().-]{0,2}", digits.split("")));
            lines.stream().filter(l -> p.matcher(l).find()).forEach(l -> leaks.add(number + ": " + l));
        }
        for (String code : CODES) {
            Pattern p = Pattern.compile("(?<![\\d.:-])" + code + "(?![\\d.:-])");
            lines.stream().filter(l -> p.matcher(l).find()).forEach(l -> leaks.add("code " + code + ": " + l));
        }
        assertTrue(leaks.isEmpty(), "the server log holds numbers or codes:\n" + String.join("\n", leaks));
    }
}
