package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.FuzzInputs;
import dev.gatehouse.testsupport.FuzzInputs.Input;
import dev.gatehouse.testsupport.FuzzTally;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.fakes.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Finding 10 on the real server: at least 1,000 generated inputs on every surface the pack adds to Keycloak's
 * HTTP interface (the code form, the passwordless address form, the SMS enrolment's number form, every parameter
 * and body of the audit REST API).
 * For each response: no 5xx, no stack trace, and no input markup reflected raw. The seed is printed; rerun with
 * {@code -Dgatehouse.fuzz.seed=N}, and fewer inputs with {@code -Dgatehouse.fuzz.inputs=N} while debugging.
 */
class FuzzIT {

    static final int INPUTS = Integer.getInteger("gatehouse.fuzz.inputs", 1000);
    /** Query strings are capped by the HTTP server's line limit anyway; longer inputs only test that limit. */
    static final int MAX_QUERY_INPUT = 5000;
    static final int MAX_FORM_INPUT = 20_000;

    /**
     * Failures whose finding is known and still open in another change: counted apart so the build stays green.
     * The run prints "GONE" for an entry that no longer reproduces; then delete it here.
     */
    // Findings 8 (NUL in an address) and 9 (far-out audit dates) are fixed: nothing is known open.
    static final List<FuzzTally.Known> KNOWN_OPEN_FINDINGS = List.of();

    @AutoClose
    static DemoServer demo;
    @AutoClose
    static FakeTwilio twilio;
    static KeycloakNode server;
    static RealmResource realm;
    static AdminApi admin;
    static FuzzInputs fuzz;
    static final FuzzTally TALLY = new FuzzTally(KNOWN_OPEN_FINDINGS);

    @BeforeAll
    static void start() {
        fuzz = FuzzInputs.fromSystemProperty();
        demo = DemoServer.shared();
        server = demo.node();
        realm = server.adminClient().realm("demo");
        admin = server.admin();
    }

    @AfterAll
    static void summary() {
        System.out.println("fuzz summary (seed " + fuzz.seed() + ")\n" + TALLY.summary());
    }

    // ---- the login pages ----------------------------------------------------------------------------------------

    @Test
    void codeForm() {
        String surface = "code form";
        String baseline = null;
        CodeSignIn s = null;
        int users = 0;
        for (Input in : fuzz.inputs(surface, INPUTS, MAX_FORM_INPUT, false, "123456", "000000", "12345678")) {
            if (s == null || s.submitted >= 50) {
                s = codeSignIn(users);
                users = s.user;
            }
            if (baseline == null) {
                baseline = s.submit("000000").body();
            }
            OidcBrowser.Page p = s.submit(in.text());
            check(surface, in, p.status() + (p.redirectsToClient() ? " to the client" : ""), p.body(), baseline,
                    p.response().headers().firstValue("Content-Type").orElse(""));
            s = p.hasForm("gatehouse-email-code-form") ? s.on(p) : null;
        }
        assertNoNewFailures(surface);
    }

    /** A sign-in at its code page; a new user once the current one is locked out or out of codes. */
    static CodeSignIn codeSignIn(int user) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String name = "fuzz-code-" + user;
            if (attempt > 0 || user == 0) {
                name = "fuzz-code-" + (++user);
                user(name);
            }
            OidcBrowser browser = new OidcBrowser("demo-app");
            OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
            OidcBrowser.Page page = browser.submit(auth.formAction(), Map.of("username", name, "password", PASSWORD));
            if (page.hasForm("gatehouse-email-code-form")) {
                return new CodeSignIn(browser, page, user, 0);
            }
        }
        throw new AssertionError("no code page for three fresh users");
    }

    static final String PASSWORD = "Passw0rd-fuzz";

    /** A user with a password, a verified address and email codes as second factor. */
    static void user(String name) {
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(
                Accounts.user(name, name + "@example.com", true, Accounts.password(PASSWORD), Accounts.emailCode())));
    }

    record CodeSignIn(OidcBrowser browser, OidcBrowser.Page page, int user, int submitted) {
        OidcBrowser.Page submit(String code) {
            return browser.submit(page.formAction("gatehouse-email-code-form"), Map.of("code", code));
        }

        CodeSignIn on(OidcBrowser.Page next) {
            return new CodeSignIn(browser, next, user, submitted + 1);
        }
    }

    @Test
    void addressForm() throws Exception {
        String surface = "address form";
        user("fuzz-address");
        String baseline = addressPage(new OidcBrowser("demo-passwordless"), "nobody-baseline@example.com").body();
        List<Input> inputs = fuzz.inputs(surface, INPUTS, MAX_FORM_INPUT, false, "fuzz-address@example.com", "nobody@example.com",
                "a@b.c");
        parallel(inputs, 3, chunk -> {
            OidcBrowser browser = new OidcBrowser("demo-passwordless");
            for (Input in : chunk) {
                OidcBrowser.Page p = addressPage(browser, in.text());
                check(surface, in, p.status(), p.body(), baseline, p.response().headers().firstValue("Content-Type").orElse(""));
            }
            return null;
        });
        assertNoNewFailures(surface);
    }

    static OidcBrowser.Page addressPage(OidcBrowser browser, String address) {
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        return browser.submit(auth.firstPage().formAction("gatehouse-email-address-form"), Map.of("email", address));
    }

    /**
     * The phone number of the SMS enrolment, with Twilio on its fake: each input goes to the number form of a
     * signed-in user; a number the policy accepts is texted a code (the fake answers), and "use another number"
     * goes back to the form for the next input.
     */
    @Test
    void phoneNumberForm() {
        String surface = "phone number form";
        twilio = new FakeTwilio(TWILIO_SID, "fuzz-token");
        Map<String, String> sms = new HashMap<>();
        sms.put("gatehouse.sms.sender", "twilio");
        sms.put("gatehouse.sms.twilio.accountSid", TWILIO_SID);
        sms.put("gatehouse.sms.twilio.secret", "fuzz-token");
        sms.put("gatehouse.sms.twilio.from", "+15005550006");
        sms.put("gatehouse.sms.twilio.apiUrl", twilio.baseUrl());
        sms.put("gatehouse.sms.allowedCountries", "US,DE,FR");
        sms.put("gatehouse.sms.delay.base", "0");
        RequiredActionConfigRepresentation config = new RequiredActionConfigRepresentation();
        config.setConfig(sms);
        realm.flows().updateRequiredActionConfig("gatehouse-sms-code-setup", config);

        String baseline = null;
        NumberSignIn s = null;
        int users = 0;
        for (Input in : fuzz.inputs(surface, INPUTS, MAX_FORM_INPUT, false, "201-555-0123", "+4915112345678", "+33612345678")) {
            if (s != null && !s.page().hasForm("gatehouse-sms-number-form") && s.page().hasForm("gatehouse-resend-form")) {
                s = s.on(s.browser().submit(s.page().formAction("gatehouse-resend-form"), Map.of("change", "true")));
            }
            if (s == null || !s.page().hasForm("gatehouse-sms-number-form") || s.submitted() >= 50) {
                s = numberSignIn("fuzz-phone-" + (++users));
            }
            if (baseline == null) {
                baseline = s.submit("x").body();
            }
            OidcBrowser.Page p = s.submit(in.text());
            check(surface, in, p.status() + (p.redirectsToClient() ? " to the client" : ""), p.body(), baseline,
                    p.response().headers().firstValue("Content-Type").orElse(""));
            s = s.on(p);
        }
        assertNoNewFailures(surface);
    }

    static final String TWILIO_SID = "AC" + "f".repeat(32);

    /** A user with a password and the pending phone enrolment, at the enrolment's number form. */
    static NumberSignIn numberSignIn(String name) {
        UserRepresentation u = Accounts.user(name, name + "@example.com", true, Accounts.password(PASSWORD));
        u.setRequiredActions(List.of("gatehouse-sms-code-setup"));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(u));
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Page page = browser.follow(browser.submit(browser.authorize(server.baseUrl(), "demo").formAction(),
                Map.of("username", name, "password", PASSWORD)));
        assertTrue(page.hasForm("gatehouse-sms-number-form"), "the enrolment asks for a number: " + page.message());
        return new NumberSignIn(browser, page, 0);
    }

    record NumberSignIn(OidcBrowser browser, OidcBrowser.Page page, int submitted) {
        OidcBrowser.Page submit(String number) {
            return browser.submit(page.formAction("gatehouse-sms-number-form"), Map.of("phone", number));
        }

        NumberSignIn on(OidcBrowser.Page next) {
            return new NumberSignIn(browser, next, submitted + 1);
        }
    }

    // ---- the audit REST API -------------------------------------------------------------------------------------

    /** Every query parameter of GET records, one at a time, with the others unset. */
    @Test
    void auditRecordsParameters() throws Exception {
        String user = Accounts.id(realm, "alice");
        Map<String, String[]> params = new java.util.LinkedHashMap<>();
        params.put("user", new String[] {user});
        params.put("client", new String[] {"demo-app"});
        params.put("type", new String[] {"LOGIN", "UPDATE"});
        params.put("outcome", new String[] {"success", "error"});
        params.put("ip", new String[] {"127.0.0.1", "::1"});
        params.put("from", new String[] {"2026-11-30", "2026-11-30T00:00:00Z", "1764460800000"});
        params.put("to", new String[] {"2026-11-30", "2999-01-01T00:00:00Z", "1764460800000"});
        params.put("first", new String[] {"0", "1"});
        params.put("max", new String[] {"1", "100", "1000"});
        for (Map.Entry<String, String[]> p : params.entrySet()) {
            fuzzQuery("records " + p.getKey(), "records", p.getKey(), p.getValue());
        }
        for (String name : params.keySet()) {
            assertNoNewFailures("records " + name);
        }
    }

    @Test
    void auditExportFormat() throws Exception {
        fuzzQuery("export format", "export", "format", new String[] {"jsonl", "csv"});
        assertNoNewFailures("export format");
    }

    void fuzzQuery(String surface, String path, String name, String[] valid) throws Exception {
        parallel(fuzz.inputs(surface, INPUTS, MAX_QUERY_INPUT, true, valid), 3, chunk -> {
            for (Input in : chunk) {
                String value = in.preEncoded() ? in.text() : AdminApi.enc(in.text());
                HttpResponse<String> r = audit("GET", path + "?" + name + "=" + value, null);
                check(surface, in, r.statusCode(), r.body(), null, r.headers().firstValue("Content-Type").orElse(""));
            }
            return null;
        });
    }

    /** POST verify: the trustedCheckpoint value inside a well-formed body, then the body itself. */
    @Test
    void auditVerifyBody() throws Exception {
        HttpResponse<String> cp = audit("GET", "checkpoints", null);
        assertEquals(200, cp.statusCode(), cp.body());
        String checkpoint = cp.body().isBlank() ? "gatehouse/audit/demo\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
                : cp.body().split("\n\n", 2)[0] + "\n";
        String surface = "verify trustedCheckpoint";
        parallel(fuzz.inputs(surface, INPUTS, MAX_FORM_INPUT, false, checkpoint, "x"), 2, chunk -> {
            for (Input in : chunk) {
                HttpResponse<String> r = audit("POST", "verify", Json.write(Map.of("trustedCheckpoint", in.text()))
                        .getBytes(StandardCharsets.UTF_8));
                check(surface, in, r.statusCode(), r.body(), null, r.headers().firstValue("Content-Type").orElse(""));
            }
            return null;
        });
        String body = "verify body";
        parallel(fuzz.inputs(body, INPUTS, MAX_FORM_INPUT, true, "{\"trustedCheckpoint\":\"x\"}", "{}", "{\"trustedCheckpoint\":1}",
                "{\"trustedCheckpoint\":{\"a\":[1]}}", "[\"trustedCheckpoint\"]", "{\"trustedCheckpoint\":null,\"x\":true}"), 2, chunk -> {
            for (Input in : chunk) {
                HttpResponse<String> r = audit("POST", "verify", in.preEncoded() ? percentDecode(in.text()) : in.text().getBytes(StandardCharsets.UTF_8));
                check(body, in, r.statusCode(), r.body(), null, r.headers().firstValue("Content-Type").orElse(""));
            }
            return null;
        });
        assertNoNewFailures(surface);
        assertNoNewFailures(body);
    }

    /** The pack's audit REST API, raw: generated bodies and parameters are the point. */
    static HttpResponse<String> audit(String method, String pathAndQuery, byte[] body) {
        return admin.call(method, "/realms/demo/gatehouse-audit/" + pathAndQuery, body);
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    static void check(String surface, Input in, int status, String body, String baseline, String contentType) {
        check(surface, in, String.valueOf(status), body, baseline, contentType);
    }

    static void check(String surface, Input in, String outcome, String body, String baseline, String contentType) {
        int status = Integer.parseInt(outcome.split(" ", 2)[0]);
        String reason = null;
        if (status >= 500) {
            reason = "HTTP " + status;
        } else if (outcome.endsWith("to the client")) {
            reason = "a generated input completed the sign-in";
        } else if (FuzzTally.hasStackTrace(body)) {
            reason = "stack trace in the response";
        } else if ((contentType.startsWith("text/html") || baseline != null) && FuzzTally.reflectsRaw(body, in.text(), baseline)) {
            reason = "input reflected raw";
        }
        String page = contentType.startsWith("text/html") ? OidcBrowser.pageMessage(body == null ? "" : body)
                .map(m -> m.contains("Unexpected error") ? " unexpected-error" : "").orElse("") : "";
        TALLY.record(surface, in.text(), outcome + page, reason);
    }

    static void assertNoNewFailures(String surface) {
        assertTrue(TALLY.inputs(surface) >= INPUTS, surface + ": " + TALLY.inputs(surface) + " inputs");
        List<FuzzTally.Failure> failures = TALLY.newFailures().stream().filter(f -> f.surface().equals(surface)).toList();
        assertTrue(failures.isEmpty(), surface + ":\n" + TALLY.summary());
        assertTrue(TALLY.knownButGone().stream().noneMatch(k -> k.surface().equals(surface)), TALLY.summary());
    }

    /** Splits the inputs into {@code threads} chunks run at once; each chunk keeps its own browser or session. */
    static void parallel(List<Input> inputs, int threads, Function<List<Input>, Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            int size = (inputs.size() + threads - 1) / threads;
            for (int i = 0; i < inputs.size(); i += size) {
                List<Input> chunk = inputs.subList(i, Math.min(inputs.size(), i + size));
                done.add(pool.submit(() -> work.apply(chunk)));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The bytes a pre-encoded input stands for, e.g. {@code %C3%28} (invalid UTF-8) as two raw bytes. */
    static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c == '+' ? ' ' : c);
            }
        }
        return out.toByteArray();
    }
}
