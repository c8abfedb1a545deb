package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * demo realm's browser flow, Twilio Verify, Twilio's errors and outages, the number policy, the toll-fraud
 * budgets, brute force, enrolment without revealing numbers, and no number or code in the server log. One server for
 * the class.
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
    static final String SAYS_SENT = "We texted a code";
    static final String SAYS_COULD_NOT_SEND = "We could not send the text message";
    static final String SAYS_THROTTLED = "Too many codes";
    static final String SAYS_CHECK_UNAVAILABLE = "We could not check your code";
    static final String SAYS_TEXTED_MOMENTS_AGO = "enter the code from that message";

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
    static final AtomicInteger IPS = new AtomicInteger();
    /** A number another account (sms-wes) enrolled at start-up, and when. */
    static String OWNED;
    static long OWNED_AT;

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
        OWNED = usNumber();
        enrolled("sms-wes", OWNED);
        OWNED_AT = System.currentTimeMillis();
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

    /**
     * A user whose verified number is already recorded (the credential imported as the setup action records it):
     * signs in with an SMS code at once. Users enrolled through the page share the number's 30 s resend cooldown
     * of the setup with their next sign-in, which would then say a code was texted moments ago.
     */
    static String withNumber(String name, String e164) {
        CredentialRepresentation sms = new CredentialRepresentation();
        sms.setType(CREDENTIAL);
        sms.setUserLabel("+1 *** " + e164.substring(e164.length() - 2));
        sms.setSecretData("{}");
        sms.setCredentialData("{\"phoneNumber\":\"" + e164 + "\"}");
        UserRepresentation user = Accounts.user(name, name + "@example.com", true, Accounts.password(PASSWORD), sms);
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(user));
        return Accounts.id(realm, name);
    }

    /** Enrols a number through the setup action's pages; returns the user's id. */
    static String enrolled(String name, String e164) {
        String id = user(name, true);
        Flow f = password(browser(), name).phone(e164);
        assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        OidcBrowser.Page done = f.code(code(e164, messages(e164)));
        assertTrue(done.redirectsToClient(), done.message());
        return id;
    }

    /** Each browser connects from a loopback address of its own, so the per-IP budgets count only its sends. */
    static OidcBrowser browser() {
        int n = IPS.getAndIncrement();
        try {
            return new OidcBrowser("demo-app", java.net.InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + n / 250), (byte) (1 + n % 250)}));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
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
            return browser.follow(browser.submit(formWith(page, "code"), Map.of("code", code)));
        }

        Flow phone(String typed) {
            return on(browser.follow(browser.submit(formWith(page, "phone"), Map.of("phone", typed))));
        }

        Flow resend() {
            return on(browser.follow(browser.submit(formWith(page, "resend"), Map.of("resend", "true"))));
        }

        Flow change() {
            return on(browser.follow(browser.submit(formWith(page, "change"), Map.of("change", "true"))));
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
        OidcBrowser.Page page = browser.follow(browser.submit(auth.formAction(), Map.of("username", username, "password", PASSWORD)));
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
    void enrolmentSavesTheNumberOnlyAfterTheCode() throws Exception {
        String number = usNumber();
        String id = user("sms-amy", true);
        Flow f = password(browser(), "sms-amy");
        assertTrue(hasField(f.page(), "phone"), "the setup action asks for a number: " + f.page().message());

        f = f.phone("(201) 555-" + number.substring(number.length() - 4)); // national notation, default region US
        assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        assertTrue(f.page().body().contains("autocomplete=\"one-time-code\""));
        assertFalse(f.page().body().contains(number.substring(2)), "the number is shown masked");
        assertTrue(f.page().body().contains("+1 *** " + number.substring(number.length() - 2)), "masked: country and last two digits");
        assertTrue(smsCredentials(id).isEmpty(), "nothing is saved before the code proves the number");
        assertEquals(ACCOUNT_SID, twilio.messagesTo(number).get(0).authUser(), "Basic auth with the Account SID and its token");

        OidcBrowser.Page done = f.code(code(number, 1));
        assertTrue(done.redirectsToClient(), done.message());
        List<CredentialRepresentation> saved = smsCredentials(id);
        assertEquals(1, saved.size(), "the verified number is a credential");
        String label = saved.get(0).getUserLabel();
        assertEquals("+1 *** " + number.substring(number.length() - 2), label, "the credential is labelled with the masked number");
        String events = events(id);
        assertTrue(events.contains("code_sent") && events.contains("code_verified") && events.contains("UPDATE_CREDENTIAL"), events);
        assertFalse(events.contains(number), "events show the number only masked");

        // The next sign-in asks for an SMS code.
        Flow s = password(browser(), "sms-amy");
        assertTrue(hasField(s.page(), "code"), s.page().message());

        // Admins see the credential and can remove it; then the password alone is all this user has.
        realm.users().get(id).removeCredential(saved.get(0).getId());
        assertTrue(smsCredentials(id).isEmpty());
        Flow after = password(browser(), "sms-amy");
        assertTrue(after.page().redirectsToClient(), "no SMS step once the number is removed: " + after.page().message());
    }

    @Test
    void signsInWithAnSmsCodeToLevelTwo() throws Exception {
        String number = usNumber();
        String id = withNumber("sms-abe", number);
        Flow s = password(browser(), "sms-abe");
        assertTrue(s.page().body().contains(SAYS_SENT), s.page().message());
        assertTrue(s.page().body().contains("autocomplete=\"one-time-code\""));
        OidcBrowser.Page done = s.code(code(number, 1));
        assertTrue(done.redirectsToClient(), done.message());
        OidcBrowser.Tokens tokens = s.tokens(done);
        assertEquals("sms-abe", tokens.accessClaims().get("preferred_username").asText());
        assertEquals("2", acr(tokens), "password and SMS code are two factors");
        assertEquals(ACCOUNT_SID, twilio.messagesTo(number).get(0).authUser());
        String events = events(id);
        assertTrue(events.contains("code_sent") && events.contains("code_verified"), events);

        // Codes sent and verified per country, on the management port: a pumping attack shows as many sends, few verified.
        String metrics = metrics();
        assertTrue(Pattern.compile("(?m)^gatehouse_sms_codes_sent_total\\{[^}]*country=\"US\"").matcher(metrics).find(), metrics);
        assertTrue(Pattern.compile("(?m)^gatehouse_sms_codes_verified_total\\{[^}]*country=\"US\"").matcher(metrics).find(), metrics);
    }

    static String metrics() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.managementUrl() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body().lines().filter(l -> l.startsWith("gatehouse_sms")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void apiKeyCredentialsAuthenticateToTwilio() throws Exception {
        withSms(Map.of("gatehouse.sms.twilio.apiKeySid", API_KEY_SID, "gatehouse.sms.twilio.secret", API_KEY_SECRET), () -> {
            String number = usNumber();
            withNumber("sms-ben", number);
            Flow s = password(browser(), "sms-ben");
            OidcBrowser.Page done = s.code(code(number, 1));
            assertEquals("2", acr(s.tokens(done)));
            assertEquals(API_KEY_SID, twilio.messagesTo(number).get(0).authUser(), "Basic auth with the API key SID and its secret");
        });
    }

    @Test
    void refusedTwilioCredentialsGiveCouldNotSend() throws Exception {
        withSms(Map.of("gatehouse.sms.twilio.secret", "not-the-token"), () -> {
            String number = usNumber();
            String id = user("sms-cal", true);
            Flow f = password(browser(), "sms-cal").phone(number);
            assertTrue(f.page().message().contains(SAYS_COULD_NOT_SEND), f.page().message());
            assertFalse(f.page().body().contains(SAYS_SENT));
            assertEquals(0, messages(number), "the fake refused the request");
            EventRepresentation e = awaitEvent(id, "gatehouse_otp_event", "send_failed");
            assertEquals("misconfigured", e.getDetails().get("gatehouse_sms_result"), Json.write(e));
        });
    }

    @Test
    void theMessageEndsInTheWebOtpLineAndIsLocalized() throws Exception {
        String number = usNumber();
        withNumber("sms-dora", number);
        Flow f = password(browser(), "sms-dora", "ui_locales=de");
        String code = code(number, 1);
        String german = lastBody(number);
        String[] lines = german.split("\n");
        assertEquals("@localhost #" + code, lines[lines.length - 1], "the WebOTP line is last: " + german);
        assertTrue(german.contains("ist Ihr Anmeldecode"), "German text: " + german);
        assertTrue(f.code(code).redirectsToClient());

        String other = usNumber();
        withNumber("sms-eli", other);
        password(browser(), "sms-eli");
        String english = lastBody(other);
        assertTrue(english.contains("is your sign-in code"), english);
        assertNotEquals(english.replaceAll("\\d+", "#"), german.replaceAll("\\d+", "#"), "de and en texts differ");
    }

    // ---- Twilio Verify ---------------------------------------------------------------------------------------

    @Test
    void verifyModeEnrolsAndSignsInWithTwiliosCodeAndCountsWrongCodes() throws Exception {
        withSms(Map.of("gatehouse.sms.sender", "twilio-verify"), () -> {
            String enrolling = usNumber();
            String enrolledId = enrolled("sms-fay", enrolling);
            assertEquals(1, smsCredentials(enrolledId).size());
            assertEquals(1, twilio.verificationsTo(enrolling).size(), "Twilio Verify sent the enrolment code");
            assertTrue(twilio.messagesTo(enrolling).isEmpty());

            String number = usNumber();
            String id = withNumber("sms-gil", number);
            Flow s = password(browser(), "sms-gil");
            assertTrue(s.page().body().contains(SAYS_SENT), s.page().message());
            String code = code(number, 1);
            String wrong = code.equals("000000") ? "111111" : "000000";
            OidcBrowser.Page p = s.code(wrong);
            assertFalse(p.redirectsToClient());
            assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
            assertEquals(1, failures(id), "a code Twilio did not approve counts toward brute force");
            OidcBrowser.Page done = s.on(p).code(code);
            assertTrue(done.redirectsToClient(), done.message());
            assertEquals("2", acr(s.tokens(done)));
        });
    }

    // ---- Twilio's errors -------------------------------------------------------------------------------------

    @Test
    void eachTwilioErrorGivesCouldNotSendAndAnEventWithTwiliosCode() throws Exception {
        Map<Integer, String> outcomes = Map.of(21211, "invalid_number", 21408, "country_not_enabled", 21610, "opted_out",
                21614, "not_mobile");
        for (int twilioCode : new int[] {21211, 21408, 21610, 21614}) {
            String number = usNumber();
            twilio.failFor(number, 400, twilioCode);
            String name = "sms-err" + twilioCode;
            String id = user(name, true);
            Flow f = password(browser(), name).phone(number);
            assertEquals(200, f.page().status());
            assertTrue(f.page().message().contains(SAYS_COULD_NOT_SEND), twilioCode + ": " + f.page().message());
            assertFalse(f.page().body().contains(SAYS_SENT), twilioCode + ": never 'code sent' when nothing was sent");
            assertEquals(0, messages(number));
            EventRepresentation e = awaitEvent(id, "gatehouse_otp_event", "send_failed");
            assertEquals(String.valueOf(twilioCode), e.getDetails().get("gatehouse_sms_provider_code"), Json.write(e));
            assertEquals(outcomes.get(twilioCode), e.getDetails().get("gatehouse_sms_result"), Json.write(e));
            assertEquals("gatehouse_send_failed", e.getError(), Json.write(e));
        }
    }

    @Test
    void aServerErrorIsRetriedOnce() throws Exception {
        String number = usNumber();
        withNumber("sms-gus", number);
        OidcBrowser browser = browser();
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        int requests = twilio.requestCount();
        twilio.failNext(1, 503);
        Flow s = new Flow(browser, auth, browser.follow(browser.submit(auth.formAction(), Map.of("username", "sms-gus", "password", PASSWORD))));
        assertTrue(s.page().body().contains(SAYS_SENT), s.page().message());
        assertEquals(1, messages(number));
        assertEquals(requests + 2, twilio.requestCount(), "one failed request, one retry");
        assertTrue(s.code(code(number, 1)).redirectsToClient());
    }

    @Test
    void twoServerErrorsGiveCouldNotSend() throws Exception {
        String number = usNumber();
        String id = withNumber("sms-hal", number);
        OidcBrowser browser = browser();
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        int requests = twilio.requestCount();
        twilio.failNext(2, 500);
        OidcBrowser.Page p = browser.follow(browser.submit(auth.formAction(), Map.of("username", "sms-hal", "password", PASSWORD)));
        assertTrue(p.message().contains(SAYS_COULD_NOT_SEND), p.message());
        assertFalse(p.body().contains(SAYS_SENT));
        assertEquals(requests + 2, twilio.requestCount(), "retried at most once");
        EventRepresentation e = awaitEvent(id, "gatehouse_otp_event", "send_failed");
        assertEquals("unavailable", e.getDetails().get("gatehouse_sms_result"), Json.write(e));
    }

    @Test
    void aTimeoutGivesCouldNotSend() throws Exception {
        String number = usNumber();
        String id = withNumber("sms-ida", number);
        OidcBrowser browser = browser();
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        twilio.delay(SOCKET_TIMEOUT_MILLIS + 1500L);
        try {
            long started = System.nanoTime();
            OidcBrowser.Page p = browser.follow(browser.submit(auth.formAction(), Map.of("username", "sms-ida", "password", PASSWORD)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(p.message().contains(SAYS_COULD_NOT_SEND), p.message());
            assertFalse(p.body().contains(SAYS_SENT));
            assertTrue(tookMillis < 3L * SOCKET_TIMEOUT_MILLIS + 3000, "one retry at most: " + tookMillis + " ms");
            EventRepresentation e = awaitEvent(id, "gatehouse_otp_event", "send_failed");
            assertEquals("unavailable", e.getDetails().get("gatehouse_sms_result"), Json.write(e));
        } finally {
            twilio.delay(0);
            pause(SOCKET_TIMEOUT_MILLIS + 1500L); // the late answers go before the next test counts messages
        }
    }

    // ---- outages of the SMS service ----------------------------------------------------------------------------

    @Test
    void verifyNotAnsweringIsNoWrongCodeAndTheCodeStillWorks() throws Exception {
        withSms(Map.of("gatehouse.sms.sender", "twilio-verify"), () -> {
            String number = deMobile();
            String id = user("sms-otto", true);
            Flow sent = password(browser(), "sms-otto").phone(number);
            assertTrue(sent.page().body().contains("gatehouse-sms-code-form"), sent.page().message());
            String code = code(number, 1);
            twilio.failNext(2, 503); // the check and its one retry
            Flow unchecked;
            try {
                unchecked = sent.on(sent.code(code));
            } finally {
                twilio.failNext(0, 503); // no failure left over for the next request
            }
            assertTrue(unchecked.page().message().contains(SAYS_CHECK_UNAVAILABLE), unchecked.page().message());
            assertTrue(unchecked.page().body().contains("gatehouse-sms-code-form"), "the challenge stays usable");
            EventRepresentation e = awaitEvent(id, "gatehouse_otp_event", "check_unavailable");
            assertEquals("gatehouse_check_unavailable", e.getError(), Json.write(e));
            // The demo realm counts failures (bruteForceProtected, failureFactor 5): an outage must add none.
            assertEquals(0, failures(id), "an outage is no guess for brute-force detection");
            List<EventRepresentation> events = realm.getEvents(null, null, id, null, null, null, 0, 100);
            assertFalse(events.stream().anyMatch(ev -> "invalid_user_credentials".equals(ev.getError())), events(id));
            // The control: a wrong code does count for this user, so the 0 above is no blind spot.
            OidcBrowser.Page wrong = unchecked.code(code.equals("000000") ? "111111" : "000000");
            assertFalse(wrong.redirectsToClient());
            assertEquals(1, failures(id), "a wrong code after the outage counts");
            OidcBrowser.Page done = unchecked.on(wrong).code(code);
            assertTrue(done.redirectsToClient(), done.message());
        });
    }

    @Test
    void aTextThatWasNotSentIsNotOfferedToAnotherTab() {
        String number = deMobile();
        user("sms-fynn", true);
        twilio.failFor(number, 400, 21610);
        Flow failed = password(browser(), "sms-fynn").phone(number);
        assertTrue(failed.page().message().contains(SAYS_COULD_NOT_SEND), failed.page().message());
        Flow second = password(browser(), "sms-fynn").phone(number);
        assertFalse(second.page().message().contains(SAYS_TEXTED_MOMENTS_AGO),
                "no code arrived, so none may be offered: " + second.page().message());
        assertEquals(0, twilio.messagesTo(number).size());
    }

    // ---- the number policy -----------------------------------------------------------------------------------

    @Test
    void invalidPremiumRateAndLandlineNumbersAreRefusedAtEnrolment() throws Exception {
        String id = user("sms-jon", true);
        Flow f = password(browser(), "sms-jon");
        int before = twilio.requestCount();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("12345", "Please enter a valid phone number");
        refused.put("call me maybe", "Please enter a valid phone number");
        refused.put(used("+19002345678"), "landline, premium-rate"); // US premium rate
        refused.put(used("+4930123456"), "landline, premium-rate");  // a Berlin landline
        for (Map.Entry<String, String> r : refused.entrySet()) {
            f = f.phone(r.getKey());
            assertEquals(200, f.page().status());
            assertTrue(hasField(f.page(), "phone"), "the number page again for " + r.getKey());
            assertTrue(f.page().message().contains(r.getValue()), r.getKey() + ": " + f.page().message());
            assertFalse(f.page().body().contains(SAYS_SENT));
        }
        assertEquals(before, twilio.requestCount(), "nothing is sent to a refused number");
        assertTrue(events(id).contains("type_not_allowed") && events(id).contains("invalid"), events(id));
    }

    @Test
    void aCountryOutsideTheAllowlistIsRefused() throws Exception {
        String id = user("sms-kim", true);
        Flow f = password(browser(), "sms-kim");
        int before = twilio.requestCount();
        f = f.phone(used("+33612345678")); // a French mobile; the tests allow US, DE, GB
        assertTrue(hasField(f.page(), "phone"), f.page().message());
        assertTrue(f.page().message().contains("Numbers from this country"), f.page().message());
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
            Flow f = password(browser(), "sms-lou");
            int before = twilio.requestCount();
            f = f.phone(deMobile());
            assertTrue(f.page().message().contains("Numbers from this country"), f.page().message());
            assertEquals(before, twilio.requestCount());
            String us = usNumber();
            f = f.phone(us);
            assertTrue(f.page().body().contains(SAYS_SENT), f.page().message());
        });
    }

    // ---- toll-fraud budgets ----------------------------------------------------------------------------------

    /** A refused send: the page says so, an event names the budget, and the fake got nothing more. */
    static void assertThrottled(Flow f, String userId, String number, int messagesBefore, String budget) {
        assertTrue(f.page().message().contains(SAYS_THROTTLED), budget + ": " + f.page().message());
        assertFalse(f.page().body().contains(SAYS_SENT), budget + ": no 'sent' when nothing was sent");
        pause(300);
        assertEquals(messagesBefore, messages(number), budget + ": nothing more reached Twilio");
        EventRepresentation e = awaitEvent(userId, "gatehouse_budget", budget);
        assertEquals("gatehouse_send_throttled", e.getError(), Json.write(e));
    }

    @Test
    void theDailyBudgetPerNumberStopsSends() throws Exception {
        withSms(Map.of("gatehouse.sms.daily.perDestination", "2"), () -> {
            String number = usNumber();
            String id = withNumber("sms-max", number);
            Flow f = password(browser(), "sms-max");
            code(number, 1);
            pause(2100); // past the resend cooldown
            f = f.resend();
            code(number, 2);
            pause(2100);
            f = f.resend();
            assertThrottled(f, id, number, 2, "sms_destination_daily");
        });
    }

    @Test
    void theDailyBudgetPerIpStopsSends() throws Exception {
        String number = usNumber();
        String id = withNumber("sms-ned", number);
        Flow f = password(browser(), "sms-ned");
        code(number, 1);
        withSms(Map.of("gatehouse.sms.daily.perIp", "1"), () -> {
            pause(2100);
            Flow again = f.resend();
            assertThrottled(again, id, number, 1, "sms_ip_daily");
            // Another client (another IP) is not held up by this one's budget.
            String other = usNumber();
            withNumber("sms-nia", other);
            Flow elsewhere = password(browser(), "sms-nia");
            assertTrue(elsewhere.page().body().contains(SAYS_SENT), elsewhere.page().message());
        });
    }

    @Test
    void theDailyBudgetPerUserStopsSendsToOtherNumbers() throws Exception {
        withSms(Map.of("gatehouse.sms.daily.perUser", "2"), () -> {
            String id = user("sms-oda", true);
            String first = usNumber();
            String second = usNumber();
            String third = usNumber();
            Flow f = password(browser(), "sms-oda").phone(first);
            code(first, 1);
            f = f.change().phone(second);
            code(second, 1);
            f = f.change().phone(third);
            assertThrottled(f, id, third, 0, "sms_user_daily");
        });
    }

    @Test
    void theDailyBudgetPerCountryStopsSends() throws Exception {
        String gb = gbMobile();
        String id = user("sms-pam", true);
        Flow f = password(browser(), "sms-pam").phone(gb);
        code(gb, 1);
        withSms(Map.of("gatehouse.sms.daily.perCountry", "1"), () -> {
            String other = gbMobile();
            String id2 = user("sms-pat", true);
            Flow g = password(browser(), "sms-pat").phone(other);
            assertThrottled(g, id2, other, 0, "sms_country_daily");
        });
        assertTrue(f.code(twilio.lastCode(gb)).redirectsToClient());
        assertEquals(1, smsCredentials(id).size());
    }

    @Test
    void theRealmsDailyCapStopsSends() throws Exception {
        String number = usNumber();
        withNumber("sms-quy", number);
        password(browser(), "sms-quy");
        code(number, 1); // at least one message today
        withSms(Map.of("gatehouse.sms.daily.realmCap", "1"), () -> {
            String other = usNumber();
            String id = withNumber("sms-ray", other);
            Flow f = password(browser(), "sms-ray");
            assertThrottled(f, id, other, 0, "sms_realm_daily");
        });
    }

    @Test
    void repeatedSendsToOneNumberWaitLongerEachTime() throws Exception {
        withSms(Map.of("gatehouse.sms.delay.base", "30"), () -> {
            String number = usNumber();
            String id = withNumber("sms-sue", number);
            Flow f = password(browser(), "sms-sue");
            code(number, 1);
            pause(2100); // past the resend cooldown, not past the growing delay
            f = f.resend();
            assertThrottled(f, id, number, 1, "sms_delay");
            try {
                clock.offset(31); // Keycloak's clock past the 30 s base, no waiting
                pause(2100); // the refused resend held the (real-time) resend cooldown too
                f = f.resend();
                assertTrue(f.page().message().contains("We sent the code again"), f.page().message());
                awaitMessages(number, 2);
                pause(2100);
                clock.offset(31 + 31); // the second gap is twice the base: 31 s is not enough now
                f = f.resend();
                assertTrue(f.page().message().contains(SAYS_THROTTLED), f.page().message());
                pause(300);
                assertEquals(2, messages(number), "the delay grew");
            } finally {
                clock.offset(0);
            }
        });
    }

    // ---- brute force -----------------------------------------------------------------------------------------

    @Test
    void wrongSmsCodesLockTheUser() throws Exception {
        String number = usNumber();
        String id = withNumber("sms-tia", number);
        Flow s = password(browser(), "sms-tia");
        String code = code(number, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";
        OidcBrowser.Page p = s.code(wrong);
        assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
        p = s.on(p).code(wrong);
        p = s.on(p).code(wrong);
        assertTrue(p.message().contains("no longer works"), p.message());
        pause(2100);
        p = s.on(p).resend().page();
        String second = code(number, 2);
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
        Flow f = password(browser(), "sms-uli").phone(number);
        String code = code(number, 1);
        OidcBrowser.Page p = f.code(code.equals("000000") ? "111111" : "000000");
        assertTrue(p.message().contains("Attempts left for this code: 2"), p.message());
        assertEquals(1, failures(id));
        assertTrue(smsCredentials(id).isEmpty());
    }

    @Test
    void codeExpires() throws Exception {
        String number = usNumber();
        withNumber("sms-val", number);
        Flow s = password(browser(), "sms-val");
        String code = code(number, 1);
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
    @Order(Integer.MAX_VALUE - 1)
    void enrollingANumberAnotherAccountUsesLooksLikeAFreeNumber() throws Exception {
        // wes enrolled OWNED in @BeforeAll; his enrolment's send started the number's 30 s resend cooldown.
        long wait = OWNED_AT + 31_000 - System.currentTimeMillis();
        if (wait > 0) {
            pause(wait);
        }
        withSms(Map.of("gatehouse.sms.oneAccountPerNumber", "true"), () -> {
            String taken = OWNED;
            String free = usNumber();
            int takenBefore = messages(taken);
            String takerId = user("sms-xia", true);
            String freeId = user("sms-yves", true);
            Flow onTaken = password(browser(), "sms-xia").phone(taken);
            Flow onFree = password(browser(), "sms-yves").phone(free);

            assertEquals(onFree.page().status(), onTaken.page().status());
            assertEquals(onFree.page().message(), onTaken.page().message());
            assertEquals(normalize(onFree.page().body()), normalize(onTaken.page().body()),
                    "the pages differ only in the masked number and per-request tokens");
            awaitMessages(free, 1);
            awaitMessages(taken, takenBefore + 1); // the same send as for a free number
            assertEquals(eventShape(freeId), eventShape(takerId), "the same events before the code is verified");

            // A wrong code is answered alike too.
            String wrong = "000000".equals(twilio.lastCode(taken)) || "000000".equals(twilio.lastCode(free)) ? "999999" : "000000";
            OidcBrowser.Page wrongTaken = onTaken.code(wrong);
            OidcBrowser.Page wrongFree = onFree.code(wrong);
            assertEquals(wrongFree.message(), wrongTaken.message());
            assertEquals(normalize(wrongFree.body()), normalize(wrongTaken.body()));

            // Only the verified code (the number proven) tells the taker the number is in use; nothing is saved.
            OidcBrowser.Page verified = onTaken.on(wrongTaken).code(code(taken, takenBefore + 1));
            assertFalse(verified.redirectsToClient());
            assertTrue(verified.message().contains("This number can’t be used"), verified.message());
            assertTrue(smsCredentials(takerId).isEmpty(), "a number another account uses is not saved twice");
            assertTrue(onFree.on(wrongFree).code(code(free, 1)).redirectsToClient());
            assertEquals(1, smsCredentials(freeId).size());
        });
    }

    /** The user's events as type, error and the pack's details (the masked number left out), oldest first. */
    static List<String> eventShape(String userId) {
        pause(300);
        List<String> shape = new ArrayList<>();
        for (EventRepresentation e : realm.getEvents(null, null, userId, null, null, null, 0, 100)) {
            Map<String, String> details = new java.util.TreeMap<>();
            (e.getDetails() == null ? Map.<String, String>of() : e.getDetails()).forEach((k, v) -> {
                if ((k.startsWith("gatehouse_") || k.equals("custom_required_action") || k.equals("credential_type"))
                        && !k.equals("gatehouse_otp_destination")) {
                    details.put(k, v);
                }
            });
            shape.add(0, e.getType() + " " + e.getError() + " " + details);
        }
        return shape;
    }

    /**
     * Removes what legitimately differs between two renderings: the masked number, the seconds left of the resend
     * cooldown, session codes, tab ids.
     */
    static String normalize(String html) {
        return html.replaceAll("\\+\\d+ \\*\\*\\* \\d\\d", "NUMBER")
                .replaceAll("data-wait=\"\\d+\"", "data-wait=\"N\"").replaceAll("\\(in \\d+ s\\)", "(in N s)")
                .replaceAll("(session_code|execution|tab_id|client_data|kc_locale)=[^&\"]*", "$1=X");
    }

    // ---- Chromium --------------------------------------------------------------------------------------------

    @Test
    void bobEnrolsAPhoneAndSignsInWithAnSmsCodeInChromium() throws Exception {
        String number = usNumber();
        try (Chromium chromium = Chromium.startOrSkip()) {
            WebDriver driver = chromium.driver();
            chromium.openDemoApp(server.baseUrl());
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("bob");
            driver.findElement(By.id("password")).sendKeys("bob");
            driver.findElement(By.id("kc-login")).click();

            // bob's next sign-in enrols a phone (demo realm): the number page, then the code page.
            chromium.waitFor(d -> !d.findElements(By.id("phone")).isEmpty());
            driver.findElement(By.id("phone")).sendKeys("(201) 555-" + number.substring(number.length() - 4));
            chromium.screenshot("sms-enrol-page");
            driver.findElement(By.id("gatehouse-send")).click();

            chromium.waitFor(d -> !d.findElements(By.id("code")).isEmpty());
            assertEquals("one-time-code", driver.findElement(By.id("code")).getDomAttribute("autocomplete"));
            assertTrue(driver.getPageSource().contains("+1 *** " + number.substring(number.length() - 2)));
            assertFalse(driver.findElement(By.id("gatehouse-resend")).isEnabled(), "resend waits for the cooldown");
            chromium.screenshot("sms-code-page");
            driver.findElement(By.id("code")).sendKeys(code(number, 1));
            driver.findElement(By.id("gatehouse-verify")).click();
            chromium.passTrustPage();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI) && d.getCurrentUrl().contains("code="));

            // Signing in again: the session from the enrolment has the password only, so demo-app's level 2 asks
            // for the SMS code. The enrolment's message holds the number's 30 s resend cooldown: the page says a code
            // was texted moments ago, and "Send the code again" sends one once the cooldown is over.
            chromium.openDemoApp(server.baseUrl());
            chromium.waitFor(d -> !d.findElements(By.id("code")).isEmpty());
            long deadline = System.currentTimeMillis() + 60_000;
            while (messages(number) < 2 && System.currentTimeMillis() < deadline) {
                if (driver.findElement(By.id("gatehouse-resend")).isEnabled()) {
                    driver.findElement(By.id("gatehouse-resend")).click();
                    chromium.waitFor(d -> !d.findElements(By.id("gatehouse-resend")).isEmpty());
                }
                pause(1000);
            }
            driver.findElement(By.id("code")).sendKeys(code(number, 2));
            driver.findElement(By.id("gatehouse-verify")).click();
            chromium.passTrustPage();
            chromium.waitFor(d -> d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI) && d.getCurrentUrl().contains("code="));

            // Account security > Signing in lists the number, masked, under two-factor authentication (where bob
            // can remove it, or set up another number, which replaces it).
            driver.get(server.baseUrl() + "/realms/demo/account/account-security/signing-in");
            chromium.waitFor(d -> d.getPageSource().contains("SMS codes"));
            String masked = "+1 *** " + number.substring(number.length() - 2);
            chromium.waitFor(d -> d.getPageSource().contains(masked));
            chromium.screenshot("sms-account-signing-in");
            assertFalse(driver.getPageSource().contains(number.substring(2)), "the account console shows the number masked");
        }
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
