package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Two failures of the SMS delivery service, on the real server with the Twilio fake (one server start): Twilio
 * Verify not answering a code check is no wrong code, and a text that could not be sent is never offered to
 * another tab as "a code was texted moments ago". {@code SmsCodeIT} is the SMS suite; this class covers only these.
 */
class SmsVerifyOutageIT {

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
        demo = DemoServer.start("sms-outage");
        server = demo.node();
        realm = server.adminClient().realm("demo");
        RequiredActionProviderSimpleRepresentation ra = new RequiredActionProviderSimpleRepresentation();
        ra.setProviderId("gatehouse-sms-code-setup");
        ra.setName("Gatehouse: Set up SMS codes");
        realm.flows().registerRequiredAction(ra);
        RealmRepresentation rep = realm.toRepresentation();
        rep.setEventsEnabled(true);
        rep.setBruteForceProtected(true);
        rep.setFailureFactor(30);
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
        c.put("gatehouse.sms.delay.base", "0");
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(c);
        realm.flows().updateRequiredActionConfig("gatehouse-sms-code-setup", rep);
    }

    /** A user who must set up SMS codes at the next sign-in. */
    static String user(String name) {
        UserRepresentation u = Accounts.user(name, name + "@example.com", true, new CredentialRepresentation[] {Accounts.password(PASSWORD)});
        u.setRequiredActions(List.of("gatehouse-sms-code-setup"));
        Accounts.create(realm, PartialImportRepresentation.Policy.FAIL, List.of(u));
        return Accounts.id(realm, name);
    }

    record Step(OidcBrowser browser, OidcBrowser.Page page) {
        Step submit(String form, Map<String, String> fields) {
            return new Step(browser, browser.follow(browser.submit(page.formAction(form), fields)));
        }
    }

    static Step password(String name) {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        return new Step(browser, browser.follow(browser.submit(auth.formAction(), Map.of("username", name, "password", PASSWORD))));
    }

    static void pause() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void verifyNotAnsweringIsNoWrongCodeAndTheCodeStillWorks() {
        settings("twilio-verify");
        String id = user("otto");
        Step sent = password("otto").submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 33334444"));
        assertTrue(sent.page().body().contains("gatehouse-sms-code-form"), sent.page().message());
        String code = twilio.lastCode("+4915133334444");
        pause();
        twilio.failNext(2, 503); // the check and its one retry
        Step unchecked = sent.submit("gatehouse-sms-code-form", Map.of("code", code));
        assertTrue(unchecked.page().message().contains("could not check your code"), unchecked.page().message());
        assertTrue(unchecked.page().body().contains("gatehouse-sms-code-form"), "the challenge stays usable");
        assertEquals(0, ((Number) realm.attackDetection().bruteForceUserStatus(id).get("numFailures")).intValue(),
                "an outage is no guess for brute-force detection");
        List<EventRepresentation> events = realm.getEvents(null, null, id, null, null, null, 0, 50);
        assertFalse(events.stream().anyMatch(e -> "invalid_user_credentials".equals(e.getError())), events.toString());
        assertTrue(events.stream().anyMatch(e -> "check_unavailable".equals(e.getDetails().get("gatehouse_otp_event"))
                && "gatehouse_check_unavailable".equals(e.getError())), events.toString());
        pause();
        Step done = unchecked.submit("gatehouse-sms-code-form", Map.of("code", code));
        assertTrue(done.page().redirectsToClient(), done.page().message());
    }

    @Test
    void aTextThatWasNotSentIsNotOfferedToAnotherTab() {
        settings("twilio");
        user("fay");
        twilio.failFor("+4915155556666", 400, 21610);
        Step failed = password("fay").submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 55556666"));
        assertTrue(failed.page().message().contains("could not send"), failed.page().message());
        Step second = password("fay").submit("gatehouse-sms-number-form", Map.of("phone", "+49 151 55556666"));
        assertFalse(second.page().message().contains("enter the code from that message"),
                "no code arrived, so none may be offered: " + second.page().message());
        assertEquals(0, twilio.messagesTo("+4915155556666").size());
    }
}
