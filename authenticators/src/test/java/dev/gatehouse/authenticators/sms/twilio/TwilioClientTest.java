package dev.gatehouse.authenticators.sms.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import com.sun.net.httpserver.HttpServer;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.gatehouse.authenticators.sms.SmsOption;
import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsResult.Outcome;
import dev.gatehouse.authenticators.sms.SmsSettings;
import dev.gatehouse.testsupport.fakes.FakeTwilio;

/** The Twilio client against the in-process fake that speaks Twilio's wire format and checks Basic auth. */
class TwilioClientTest {

    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "auth-token-of-the-account";
    private static final String KEY = "SK0123456789abcdef0123456789abcdef";
    private static final String KEY_SECRET = "secret-of-the-api-key";
    private static final String FROM = "+15005550006";
    private static final String SERVICE = "MG0123456789abcdef0123456789abcdef";
    private static final String VERIFY = "VA0123456789abcdef0123456789abcdef";
    private static final String TO = "+4915112345678";
    private static final String BODY = "Your sign-in code is 493817.\n\n@login.example.com #493817";

    private FakeTwilio twilio;
    private CloseableHttpClient http;
    private TwilioClient client;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(String.valueOf(r.getMessage()) + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        twilio = new FakeTwilio(ACCOUNT, TOKEN).addApiKey(KEY, KEY_SECRET);
        // Keycloak's client has the admin's timeouts (5 s read by default). A timeout is retried, so one answer
        // late on a loaded machine would send twice and break every count here: only the timeout tests are short.
        http = client(5000);
        client = new TwilioClient(http);
        java.util.logging.Logger.getLogger(TwilioClient.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() throws IOException {
        java.util.logging.Logger.getLogger(TwilioClient.class.getName()).removeHandler(capture);
        http.close();
        twilio.close();
    }

    private static CloseableHttpClient client(int socketTimeoutMillis) {
        return HttpClients.custom().setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(5000).setSocketTimeout(socketTimeoutMillis).build()).build();
    }

    /**
     * For the timeout tests: a read timeout of 1 s, well under the fake's 3 s delay, so the delayed answer is
     * certainly late, yet long enough for the undelayed retry to be answered in time on a loaded machine.
     */
    private void shortTimeouts() throws IOException {
        http.close();
        http = client(1000);
        client = new TwilioClient(http);
    }

    private SmsSettings settings(String accountSid, String apiKeySid, String secret, String from, String messagingService) {
        return new SmsSettings("twilio", accountSid, apiKeySid, secret, from, messagingService, VERIFY,
                twilio.baseUrl(), twilio.baseUrl() + "/", "DE", Set.of("DE"), Set.of("MOBILE"), false, 10, 50, 10, 200, 1000, 30);
    }

    private SmsSettings accountAuth() {
        return settings(ACCOUNT, "", TOKEN, FROM, "");
    }

    @Test
    void sendsWithAccountSidAndAuthToken() {
        assertEquals(SmsResult.SENT, client.send(accountAuth(), TO, BODY));
        assertEquals(List.of(new FakeTwilio.Message(TO, FROM, null, BODY, ACCOUNT)), twilio.messagesTo(TO));
        assertEquals("493817", twilio.lastCode(TO));
        assertEquals(List.of(), logged);
    }

    @Test
    void realmOptionsAsParsedReachTwilio() {
        SmsSettings parsed = SmsSettings.from(Map.of(
                SmsOption.SENDER.key(), "twilio",
                SmsOption.TWILIO_ACCOUNT_SID.key(), ACCOUNT,
                SmsOption.TWILIO_API_KEY_SID.key(), KEY,
                SmsOption.TWILIO_SECRET.key(), KEY_SECRET,
                SmsOption.TWILIO_MESSAGING_SERVICE_SID.key(), SERVICE,
                SmsOption.TWILIO_API_URL.key(), twilio.baseUrl() + "/"));
        assertEquals(SmsResult.SENT, client.send(parsed, TO, BODY));
        assertEquals(List.of(new FakeTwilio.Message(TO, null, SERVICE, BODY, KEY)), twilio.messagesTo(TO));
    }

    @Test
    void sendsWithApiKeyAndSecret() {
        assertEquals(SmsResult.SENT, client.send(settings(ACCOUNT, KEY, KEY_SECRET, FROM, null), TO, BODY));
        assertEquals(KEY, twilio.messagesTo(TO).get(0).authUser());
    }

    @Test
    void messagingServiceTakesPrecedenceOverTheSenderNumber() {
        assertEquals(SmsResult.SENT, client.send(settings(ACCOUNT, null, TOKEN, FROM, SERVICE), TO, BODY));
        FakeTwilio.Message m = twilio.messagesTo(TO).get(0);
        assertEquals(SERVICE, m.messagingServiceSid());
        assertNull(m.from());
    }

    @Test
    void wrongTokenIsMisconfiguredAndNothingIsSent() {
        SmsResult r = client.send(settings(ACCOUNT, "", "wrong-token", FROM, ""), TO, BODY);
        assertEquals(new SmsResult(Outcome.MISCONFIGURED, "20003"), r);
        assertEquals(0, twilio.messageCount());
        assertEquals(1, twilio.requestCount());
        assertLoggedSafely("HTTP 401, Twilio error 20003 (https://www.twilio.com/docs/errors/20003)", "wrong-token");
    }

    @Test
    void apiKeyOfAnotherAccountIsMisconfigured() {
        SmsResult r = client.send(settings("AC99999999999999999999999999999999", KEY, KEY_SECRET, FROM, ""), TO, BODY);
        assertEquals(Outcome.MISCONFIGURED, r.outcome());
        assertEquals(0, twilio.messageCount());
    }

    @ParameterizedTest
    @CsvSource({
            "400, 21211, INVALID_NUMBER",
            "400, 21408, COUNTRY_NOT_ENABLED",
            "400, 21610, OPTED_OUT",
            "400, 21614, NOT_MOBILE",
            "400, 21635, NOT_MOBILE",
            "400, 21606, MISCONFIGURED",
            "400, 21660, MISCONFIGURED",
            "403, 20003, MISCONFIGURED",
            "429, 20429, UNAVAILABLE",
            "400, 30007, REJECTED",
            "403, 99999, REJECTED"})
    void messagingErrorsAreMappedWithoutRetry(int status, String code, Outcome expected) {
        twilio.failFor(TO, status, Integer.parseInt(code));
        assertEquals(new SmsResult(expected, code), client.send(accountAuth(), TO, BODY));
        assertEquals(1, twilio.requestCount());
        assertEquals(0, twilio.messageCount());
        assertLoggedSafely("HTTP " + status + ", Twilio error " + code, TOKEN);
    }

    @ParameterizedTest
    @CsvSource({
            "403, 60205, NOT_MOBILE",
            "403, 60605, COUNTRY_NOT_ENABLED",
            "403, 60410, REJECTED",
            "400, 60200, REJECTED",
            "403, 60223, MISCONFIGURED"})
    void verifyErrorsAreMapped(int status, String code, Outcome expected) {
        twilio.failFor(TO, status, Integer.parseInt(code));
        assertEquals(new SmsResult(expected, code), client.startVerification(accountAuth(), TO, "en"));
        assertEquals(1, twilio.requestCount());
        assertLoggedSafely("Twilio verification to ", TOKEN);
    }

    @Test
    void serverErrorOnceIsRetriedWithinTheRequest() {
        twilio.failNext(1, 500);
        assertEquals(SmsResult.SENT, client.send(accountAuth(), TO, BODY));
        assertEquals(2, twilio.requestCount());
        assertEquals(1, twilio.messageCount());
    }

    @Test
    void serverErrorTwiceIsUnavailable() {
        twilio.failNext(2, 503);
        assertEquals(new SmsResult(Outcome.UNAVAILABLE, "20503"), client.send(accountAuth(), TO, BODY));
        assertEquals(2, twilio.requestCount());
        assertEquals(0, twilio.messageCount());
        assertLoggedSafely("HTTP 503, Twilio error 20503 (https://www.twilio.com/docs/errors/20503), after one retry: UNAVAILABLE", TOKEN);
    }

    @Test
    void timeoutOnceIsRetriedWithinTheRequest() throws IOException {
        shortTimeouts();
        twilio.delayNext(1, 3000);
        assertEquals(SmsResult.SENT, client.send(accountAuth(), TO, BODY));
        assertEquals(2, twilio.requestCount());
        // The lost answer's message went out too: the retry may deliver twice, with the same text and code.
        assertEquals(2, twilio.messageCount());
    }

    @Test
    void lostAnswerOfAnApprovingCheckIsUnavailableNotAWrongCode() throws IOException {
        client.startVerification(accountAuth(), TO, "en");
        shortTimeouts();
        twilio.delayNext(1, 3000);
        // Twilio approved (and so deleted) the verification, the answer was lost, the retry finds none: the
        // user typed the right code and must not be charged a wrong attempt.
        assertEquals(new SmsResult(Outcome.UNAVAILABLE, "20404"), client.checkVerification(accountAuth(), TO, twilio.lastCode(TO)));
        assertLoggedSafely("HTTP 404, Twilio error 20404 (https://www.twilio.com/docs/errors/20404), after one retry: UNAVAILABLE", TOKEN);
    }

    @Test
    void overlongAnswersAreNotRead() throws IOException {
        HttpServer huge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        huge.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("VerificationCheck") ? 200 : 201, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = ("{\"status\":\"approved\",\"pad\":\"" + "x".repeat(8000)).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 2000; i++) { // 16 MB, never read to the end
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        huge.start();
        try {
            String url = "http://127.0.0.1:" + huge.getAddress().getPort();
            SmsSettings s = new SmsSettings("twilio", ACCOUNT, "", TOKEN, FROM, "", VERIFY,
                    url, url, "DE", Set.of(), Set.of(), false, 10, 50, 10, 200, 1000, 30);
            // A send needs only the status; a check needs the body, and an unreadable one approves nothing.
            assertEquals(SmsResult.SENT, client.send(s, TO, BODY));
            assertEquals(Outcome.UNAVAILABLE, client.checkVerification(s, TO, "123456").outcome());
        } finally {
            huge.stop(0);
        }
    }

    @Test
    void timeoutTwiceIsUnavailable() throws IOException {
        shortTimeouts();
        twilio.delay(3000);
        assertEquals(new SmsResult(Outcome.UNAVAILABLE, null), client.send(accountAuth(), TO, BODY));
        assertEquals(2, twilio.requestCount());
        assertLoggedSafely("no answer (SocketTimeoutException), after one retry: UNAVAILABLE", TOKEN);
    }

    @Test
    void connectionRefusedIsUnavailable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SmsSettings nowhere = new SmsSettings("twilio", ACCOUNT, "", TOKEN, FROM, "", VERIFY,
                "http://127.0.0.1:" + closed, "http://127.0.0.1:" + closed, "DE", Set.of(), Set.of(), false, 10, 50, 10, 200, 1000, 30);
        assertEquals(new SmsResult(Outcome.UNAVAILABLE, null), client.send(nowhere, TO, BODY));
        assertLoggedSafely("no answer (HttpHostConnectException), after one retry: UNAVAILABLE", TOKEN);
    }

    @Test
    void missingSettingsAreMisconfiguredWithoutARequest() {
        assertEquals(Outcome.MISCONFIGURED, client.send(settings(ACCOUNT, "", "", FROM, ""), TO, BODY).outcome());
        assertLoggedSafely("not attempted: gatehouse.sms.twilio.secret is not set", TOKEN);
        assertEquals(Outcome.MISCONFIGURED, client.send(settings(ACCOUNT, "", TOKEN, "", " "), TO, BODY).outcome());
        assertLoggedSafely("gatehouse.sms.twilio.from or gatehouse.sms.twilio.messagingServiceSid is not set", TOKEN);
        assertEquals(Outcome.MISCONFIGURED, client.send(settings("", "", TOKEN, FROM, ""), TO, BODY).outcome());
        assertLoggedSafely("gatehouse.sms.twilio.accountSid is not set", TOKEN);
        SmsSettings noService = new SmsSettings("twilio-verify", ACCOUNT, "", TOKEN, "", "", "",
                twilio.baseUrl(), twilio.baseUrl(), "DE", Set.of(), Set.of(), false, 10, 50, 10, 200, 1000, 30);
        assertEquals(Outcome.MISCONFIGURED, client.startVerification(noService, TO, "en").outcome());
        assertLoggedSafely("gatehouse.sms.twilio.verifyServiceSid is not set", TOKEN);
        assertEquals(0, twilio.requestCount());
    }

    @Test
    void verifySendsTwiliosCodeAndApprovesIt() {
        assertEquals(SmsResult.SENT, client.startVerification(accountAuth(), TO, "de"));
        FakeTwilio.Verification v = twilio.verificationsTo(TO).get(0);
        assertEquals("de", v.locale());
        assertEquals(VERIFY, v.serviceSid());
        assertEquals(ACCOUNT, v.authUser());
        String code = twilio.lastCode(TO);
        assertTrue(code.matches("[0-9]{6}"), code);
        assertEquals(SmsResult.SENT, client.checkVerification(accountAuth(), TO, code));
        // Approved verifications are gone: the same code is refused afterwards.
        assertEquals(new SmsResult(Outcome.NOT_APPROVED, "20404"), client.checkVerification(accountAuth(), TO, code));
        assertEquals(0, twilio.messageCount());
        assertEquals(List.of(), logged);
    }

    @Test
    void verifyResendKeepsTheCodeAndDropsAnUnusableLocale() {
        client.startVerification(settings(ACCOUNT, KEY, KEY_SECRET, "", ""), TO, "en");
        String first = twilio.lastCode(TO);
        client.startVerification(settings(ACCOUNT, KEY, KEY_SECRET, "", ""), TO, "not a locale");
        assertEquals(first, twilio.lastCode(TO));
        assertNull(twilio.verificationsTo(TO).get(1).locale());
        assertEquals(KEY, twilio.verificationsTo(TO).get(1).authUser());
    }

    @Test
    void wrongVerifyCodeIsNotApproved() {
        client.startVerification(accountAuth(), TO, "en");
        String code = twilio.lastCode(TO);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertEquals(new SmsResult(Outcome.NOT_APPROVED, null), client.checkVerification(accountAuth(), TO, wrong));
        assertEquals(SmsResult.SENT, client.checkVerification(accountAuth(), TO, code));
        assertEquals(List.of(), logged);
    }

    @Test
    void checkWithoutPendingVerificationIsNotApproved() {
        assertEquals(new SmsResult(Outcome.NOT_APPROVED, "20404"), client.checkVerification(accountAuth(), TO, "123456"));
        assertEquals(1, twilio.requestCount());
    }

    @Test
    void twiliosCheckLimitEndsTheVerification() {
        client.startVerification(accountAuth(), TO, "en");
        String wrong = twilio.lastCode(TO).equals("000000") ? "111111" : "000000";
        String right = twilio.lastCode(TO);
        for (int i = 0; i < 5; i++) {
            assertEquals(new SmsResult(Outcome.NOT_APPROVED, null), client.checkVerification(accountAuth(), TO, wrong));
        }
        assertEquals(new SmsResult(Outcome.NOT_APPROVED, "60202"), client.checkVerification(accountAuth(), TO, right));
        assertEquals(new SmsResult(Outcome.NOT_APPROVED, "20404"), client.checkVerification(accountAuth(), TO, right));
    }

    @Test
    void twiliosSendLimitIsARefusal() {
        for (int i = 0; i < 5; i++) {
            assertEquals(SmsResult.SENT, client.startVerification(accountAuth(), TO, "en"));
        }
        assertEquals(new SmsResult(Outcome.REJECTED, "60203"), client.startVerification(accountAuth(), TO, "en"));
    }

    @Test
    void verifyServerErrorOnceIsRetried() {
        twilio.failNext(1, 502);
        assertEquals(SmsResult.SENT, client.startVerification(accountAuth(), TO, "en"));
        twilio.failNext(1, 500);
        assertEquals(SmsResult.SENT, client.checkVerification(accountAuth(), TO, twilio.lastCode(TO)));
        assertEquals(4, twilio.requestCount());
    }

    /** One line for the admin that says what it must, and never the number, the code, a secret or Twilio's text. */
    private void assertLoggedSafely(String expected, String secret) {
        List<String> lines;
        synchronized (logged) {
            lines = List.copyOf(logged);
        }
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        synchronized (logged) {
            logged.clear();
        }
        assertTrue(line.contains(expected), line);
        for (String never : List.of(TO, TO.substring(1), "493817", secret, "Invalid 'To'", "is not a valid")) {
            assertFalse(line.contains(never), line);
        }
    }
}
