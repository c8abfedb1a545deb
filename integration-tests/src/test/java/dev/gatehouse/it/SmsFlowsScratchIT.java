package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.fakes.FakeTwilio;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Scratch end-to-end check of the SMS glue (lane smsflows); SmsCodeIT is the real suite. */
class SmsFlowsScratchIT {

    static final String PASSWORD = "Passw0rd-it";
    static final String SID = "AC" + "1".repeat(32);

    @AutoClose
    static DemoServer demo;
    @AutoClose
    static FakeTwilio twilio;
    static KeycloakNode server;
    static RealmResource realm;

    @BeforeAll
    static void start() {
        twilio = new FakeTwilio(SID, "token-1");
        demo = DemoServer.start("sms-scratch");
        server = demo.node();
        realm = server.adminClient().realm("demo");
        RequiredActionProviderSimpleRepresentation ra = new RequiredActionProviderSimpleRepresentation();
        ra.setProviderId("gatehouse-sms-code-setup");
        ra.setName("Gatehouse: Set up SMS codes");
        realm.flows().registerRequiredAction(ra);
        settings("twilio");
        realm.flows().copy("browser", Map.<String, Object>of("newName", "sms-browser")).close();
        realm.flows().addExecution("sms-browser forms", Map.<String, Object>of("provider", "gatehouse-sms-code"));
        for (AuthenticationExecutionInfoRepresentation e : realm.flows().getExecutions("sms-browser")) {
            if ("gatehouse-sms-code".equals(e.getProviderId())) {
                e.setRequirement("REQUIRED");
                realm.flows().updateExecutions("sms-browser", e);
            }
        }
        RealmRepresentation rep = realm.toRepresentation();
        rep.setBrowserFlow("sms-browser");
        rep.setEventsEnabled(true);
        realm.update(rep);
    }

    static void settings(String sender) {
        Map<String, String> c = new HashMap<>();
        c.put("gatehouse.sms.sender", sender);
        c.put("gatehouse.sms.twilio.accountSid", SID);
        c.put("gatehouse.sms.twilio.secret", "token-1");
        c.put("gatehouse.sms.twilio.from", "+15005550006");
        c.put("gatehouse.sms.twilio.verifyServiceSid", "VA" + "2".repeat(32));
        c.put("gatehouse.sms.twilio.apiUrl", twilio.baseUrl());
        c.put("gatehouse.sms.twilio.verifyUrl", twilio.baseUrl());
        c.put("gatehouse.sms.defaultRegion", "DE");
        c.put("gatehouse.sms.allowedCountries", "DE,FR");
        c.put("gatehouse.sms.delay.base", "0");
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(c);
        realm.flows().updateRequiredActionConfig("gatehouse-sms-code-setup", rep);
    }

    static void user(String name) {
        UserRepresentation u = Accounts.user(name, name + "@example.com", true, new CredentialRepresentation[] {Accounts.password(PASSWORD)});
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(u));
    }

    static void pause() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Step(OidcBrowser browser, OidcBrowser.Authorization auth, OidcBrowser.Page page) {
        Step submit(String form, Map<String, String> fields) {
            return new Step(browser, auth, landed(browser, browser.submit(page.formAction(form), fields)));
        }
    }

    static Step password(String name) {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        return new Step(browser, auth, landed(browser, browser.submit(auth.formAction(), Map.of("username", name, "password", PASSWORD))));
    }

    /** Follows Keycloak's redirects to its own pages (a required action); a redirect to the client stays. */
    static OidcBrowser.Page landed(OidcBrowser browser, OidcBrowser.Page page) {
        return browser.follow(page);
    }

    @Test
    void enrolsANumberThenSignsInWithSmsCodes() {
        user("sam");
        Step s = password("sam");
        assertTrue(s.page().body().contains("type=\"tel\""), s.page().body());
        Step bad = s.submit("gatehouse-sms-number-form", Map.of("phone", "+49 30 12345678"));
        assertTrue(bad.page().message().contains("landline") || bad.page().message().contains("can’t receive"), bad.page().message());
        Step sent = bad.submit("gatehouse-sms-number-form", Map.of("phone", "0151 12345678"));
        assertTrue(sent.page().body().contains("autocomplete=\"one-time-code\""), sent.page().body());
        assertFalse(sent.page().body().contains("15112345678"), "the number is shown masked");
        String code = twilio.lastCode("+4915112345678");
        assertNotNull(code);
        assertTrue(twilio.messagesTo("+4915112345678").get(0).body().endsWith("#" + code), twilio.messagesTo("+4915112345678").get(0).body());
        pause();
        Step done = sent.submit("gatehouse-sms-code-form", Map.of("code", code));
        assertTrue(done.page().redirectsToClient(), done.page().message());
        String id = Accounts.id(realm, "sam");
        List<CredentialRepresentation> creds = realm.users().get(id).credentials().stream()
                .filter(c -> "gatehouse-sms-code".equals(c.getType())).toList();
        assertEquals(1, creds.size());
        assertFalse(creds.get(0).getUserLabel().contains("12345678"), creds.get(0).getUserLabel());

        // The resend cooldown of the number also spans sign-ins: the first sign-in waits it out.
        try {
            Thread.sleep(31_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Step again = password("sam");
        assertTrue(again.page().body().contains("gatehouse-sms-code-form"), again.page().body());
        String second = twilio.lastCode("+4915112345678");
        pause();
        Step wrong = again.submit("gatehouse-sms-code-form", Map.of("code", "000000".equals(second) ? "111111" : "000000"));
        assertTrue(wrong.page().message().contains("Invalid code"), wrong.page().message());
        pause();
        Step in = wrong.submit("gatehouse-sms-code-form", Map.of("code", second));
        assertTrue(in.page().redirectsToClient(), in.page().message());
    }

    @Test
    void twilioErrorSaysCouldNotSendAndTheEventHasTwiliosCode() {
        user("tia");
        twilio.failFor("+4915199999999", 400, 21610);
        Step s = password("tia");
        Step sent = s.submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 99999999"));
        assertTrue(sent.page().message().contains("could not send"), sent.page().message());
        List<EventRepresentation> events = realm.getEvents(List.of("CUSTOM_REQUIRED_ACTION_ERROR"), null, Accounts.id(realm, "tia"), null, null, null, 0, 10);
        assertTrue(events.stream().anyMatch(e -> "21610".equals(e.getDetails().get("gatehouse_sms_provider_code"))), events.toString());
    }

    @Test
    void verifyModeLetsTwilioCheckTheCode() {
        user("vic");
        settings("twilio-verify");
        try {
            Step s = password("vic");
            Step sent = s.submit("gatehouse-sms-number-form", Map.of("phone", "+33 6 12 34 56 78"));
            assertTrue(sent.page().body().contains("gatehouse-sms-code-form"), sent.page().message());
            assertEquals(1, twilio.verificationsTo("+33612345678").size());
            String code = twilio.lastCode("+33612345678");
            pause();
            Step done = sent.submit("gatehouse-sms-code-form", Map.of("code", code));
            assertTrue(done.page().redirectsToClient(), done.page().message());
        } finally {
            settings("twilio");
        }
    }

    @Test
    void takenNumberIsRefusedOnlyAfterTheCodeIsVerified() {
        Map<String, String> c = new HashMap<>(realm.flows().getRequiredActionConfig("gatehouse-sms-code-setup").getConfig());
        c.put("gatehouse.sms.oneAccountPerNumber", "true");
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(c);
        realm.flows().updateRequiredActionConfig("gatehouse-sms-code-setup", rep);
        try {
            for (String name : List.of("una", "uli")) {
                if (name.equals("uli")) {
                    try {
                        Thread.sleep(31_000); // the number's resend cooldown spans accounts
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                user(name);
                Step s = password(name);
                int before = twilio.messagesTo("+4915122223333").size();
                Step sent = s.submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 22223333"));
                assertTrue(sent.page().body().contains("gatehouse-sms-code-form"), name + ": the code is sent either way");
                assertEquals(before + 1, twilio.messagesTo("+4915122223333").size());
                pause();
                Step done = sent.submit("gatehouse-sms-code-form", Map.of("code", twilio.lastCode("+4915122223333")));
                if (name.equals("una")) {
                    assertTrue(done.page().redirectsToClient(), done.page().message());
                } else {
                    assertTrue(done.page().message().contains("can’t be used"), done.page().message());
                }
            }
        } finally {
            settings("twilio");
        }
    }

    @Test
    void pumpingGuardRefusalSaysTooManyCodesAndNamesTheBudget() throws Exception {
        Map<String, String> c = new HashMap<>(realm.flows().getRequiredActionConfig("gatehouse-sms-code-setup").getConfig());
        c.put("gatehouse.sms.daily.perUser", "1");
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(c);
        realm.flows().updateRequiredActionConfig("gatehouse-sms-code-setup", rep);
        try {
            user("pam");
            Step s = password("pam");
            Step sent = s.submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 44445555"));
            assertTrue(sent.page().body().contains("gatehouse-sms-code-form"), sent.page().message());
            Step other = sent.submit("gatehouse-resend-form", Map.of("change", "true"));
            int before = twilio.messageCount();
            Step refused = other.submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 44446666"));
            assertTrue(refused.page().message().contains("Too many codes"), refused.page().message());
            assertEquals(before, twilio.messageCount(), "a refusal sends nothing");
            List<EventRepresentation> events = realm.getEvents(null, null, Accounts.id(realm, "pam"), null, null, null, 0, 50);
            assertTrue(events.stream().anyMatch(e -> "sms_user_daily".equals(e.getDetails().get("gatehouse_budget"))), events.toString());
        } finally {
            settings("twilio");
        }
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.managementUrl() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("gatehouse_sms_codes_sent_total{country=\"DE\"}"), metrics.body().lines()
                .filter(l -> l.contains("gatehouse_sms")).toList().toString());
    }
}
