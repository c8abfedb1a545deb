package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.Severity;

class DestinationTest {

    static Map<String, String> webhook(String url) {
        Map<String, String> c = new HashMap<>();
        c.put("type", "webhook");
        c.put("url", url);
        c.put("secret", "a-secret-of-twenty-chars");
        return c;
    }

    static String refusedField(Map<String, String> config) {
        return assertThrows(DestinationConfigException.class, () -> Destination.parse("d1", "n", config)).field();
    }

    static Alert alert(String rule, Severity severity) {
        return new Alert("a1", "demo", rule, "Rule", severity, "none", null, 1, 60, 0, 0, null, "s");
    }

    @Test
    void emailDestinationWithDefaults() throws Exception {
        Destination d = Destination.parse("d1", "Security", Map.of("type", "email", "emails", "security@example.com, soc@example.org"));
        assertEquals(Destination.Type.EMAIL, d.type());
        assertEquals(List.of("security@example.com", "soc@example.org"), d.emails());
        assertEquals(Severity.WARNING, d.minSeverity());
        assertTrue(d.enabled());
        assertEquals(10, d.maxFailures());
        assertEquals(10_000, d.timeoutMillis());
        assertEquals(new Backoff(1000, 600_000, Backoff.Jitter.EQUAL), d.backoff());
    }

    @Test
    void webhookDestinationWithEverySetting() throws Exception {
        Map<String, String> c = webhook("https://hooks.example.com/gatehouse?team=sec");
        c.putAll(Map.of("minSeverity", "critical", "rules", "builtin-failed-logins-user, custom-1", "enabled", "false",
                "maxFailures", "3", "timeoutMillis", "2500", "backoffBaseMillis", "100", "backoffCapMillis", "2000", "jitter", "full"));
        Destination d = Destination.parse("d2", "SIEM", c);
        assertEquals("hooks.example.com", d.url().getHost());
        assertEquals(Severity.CRITICAL, d.minSeverity());
        assertEquals(Set.of("builtin-failed-logins-user", "custom-1"), d.rules());
        assertFalse(d.enabled());
        assertEquals(3, d.maxFailures());
        assertEquals(2500, d.timeoutMillis());
        assertEquals(new Backoff(100, 2000, Backoff.Jitter.FULL), d.backoff());
    }

    @Test
    void acceptsBySeverityAndRule() throws Exception {
        Destination all = Destination.parse("d", "n", Map.of("type", "email", "emails", "a@example.com"));
        assertTrue(all.accepts(alert("x", Severity.WARNING)));
        assertTrue(all.accepts(alert("x", Severity.CRITICAL)));
        assertFalse(all.accepts(alert("x", Severity.INFO)));
        Destination some = Destination.parse("d", "n", Map.of("type", "email", "emails", "a@example.com", "rules", "r1", "minSeverity", "INFO"));
        assertTrue(some.accepts(alert("r1", Severity.INFO)));
        assertFalse(some.accepts(alert("r2", Severity.CRITICAL)));
    }

    @Test
    void plainHttpOnlyToLoopback() throws Exception {
        for (String ok : new String[] {"http://localhost:8080/hook", "http://127.0.0.1:1/x", "http://127.10.0.1/", "http://[::1]:9/x",
                "https://10.0.0.5/internal", "HTTPS://Example.COM/x"}) {
            Destination.parse("d", "n", webhook(ok));
        }
        for (String bad : new String[] {"http://example.com/hook", "http://10.0.0.1/x", "http://127.0.0.1.nip.io/x", "http://127.300.0.1/",
                "ftp://example.com/", "https:///nohost", "/relative", "https://user:pw@example.com/", "https://example.com/#frag",
                "javascript:alert(1)", "https://exa mple.com/"}) {
            assertEquals("url", refusedField(webhook(bad)), bad);
        }
    }

    @Test
    void webhookSecretRules() throws Exception {
        Map<String, String> c = webhook("https://example.com/");
        c.put("secret", "${vault.gatehouse-webhook-siem}");
        assertEquals("${vault.gatehouse-webhook-siem}", Destination.parse("d", "n", c).secret());
        // Only vault entries named for webhooks: a manage-events admin must not sign with (and so leak) the realm's
        // other vault secrets, e.g. an identity provider's client secret.
        for (String bad : new String[] {"short", "${vault.}", "${env.X}", "", "${vault.siem-hook}", "${vault.google-client-secret}",
                "${vault.gatehouse-webhook-}", "${vault.smtp-password}"}) {
            c.put("secret", bad);
            assertEquals("secret", refusedField(c), bad);
        }
        c.remove("secret");
        assertEquals("secret", refusedField(c));
    }

    @Test
    void eachBadFieldIsNamed() {
        assertEquals("type", refusedField(Map.of("type", "sms")));
        assertEquals("emails", refusedField(Map.of("type", "email")));
        assertEquals("emails", refusedField(Map.of("type", "email", "emails", "not-an-address")));
        assertEquals("emails", refusedField(Map.of("type", "email", "emails", "a@example.com\r\nBcc: x@evil.example")));
        assertEquals("url", refusedField(Map.of("type", "webhook", "secret", "a-secret-of-twenty-chars")));
        assertEquals("minSeverity", refusedField(Map.of("type", "email", "emails", "a@example.com", "minSeverity", "LOUD")));
        assertEquals("enabled", refusedField(Map.of("type", "email", "emails", "a@example.com", "enabled", "yes")));
        assertEquals("maxFailures", refusedField(Map.of("type", "email", "emails", "a@example.com", "maxFailures", "0")));
        assertEquals("maxFailures", refusedField(Map.of("type", "email", "emails", "a@example.com", "maxFailures", "99999999999999999999")));
        assertEquals("timeoutMillis", refusedField(Map.of("type", "email", "emails", "a@example.com", "timeoutMillis", "5")));
        assertEquals("backoffCapMillis", refusedField(Map.of("type", "email", "emails", "a@example.com", "backoffBaseMillis", "5000",
                "backoffCapMillis", "1000")));
        assertEquals("jitter", refusedField(Map.of("type", "email", "emails", "a@example.com", "jitter", "none")));
    }

    @Test
    void tooManyAddressesAreRefused() {
        String many = String.join(",", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "u" + i + "@example.com").toList());
        assertEquals("emails", refusedField(Map.of("type", "email", "emails", many)));
    }

    @Test
    void toStringNeverShowsTheSecret() throws Exception {
        Destination d = Destination.parse("d", "n", webhook("https://example.com/"));
        assertFalse(d.toString().contains("a-secret-of-twenty-chars"), d.toString());
    }

    @Test
    void refusalsDoNotEchoTheSecret() {
        Map<String, String> c = webhook("https://example.com/");
        c.put("secret", "tooShortSecret");
        DestinationConfigException e = assertThrows(DestinationConfigException.class, () -> Destination.parse("d", "n", c));
        assertFalse(e.getMessage().contains("tooShortSecret"), e.getMessage());
    }
}
