package dev.gatehouse.audit.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Rules, windows, grouping, quiet periods, overrides and validation, without a server. */
class AlertRulesTest {

    static final long T0 = 1_800_000_000_000L;

    static AlertRecord login(long seq, long time, String user, String ip) {
        return new AlertRecord(seq, time, "user", "LOGIN_ERROR", null, "invalid_user_credentials", user, "demo-app", ip, Map.of());
    }

    /** Feeds records through a rule as the evaluator does (state per group) and returns the alerts it fires. */
    static List<Alert> run(AlertRule rule, List<AlertRecord> records) {
        Map<String, WindowState> states = new HashMap<>();
        List<Alert> fired = new ArrayList<>();
        for (AlertRecord r : records) {
            String group = rule.groupOf(r);
            if (group == null) {
                continue;
            }
            SlidingWindow.Step step = rule.observe(states.getOrDefault(group, WindowState.EMPTY), r.time());
            // Through the text form, as the store keeps it.
            states.put(group, WindowState.decode(step.next().encode()));
            if (step.fired()) {
                fired.add(rule.alert("a" + fired.size(), "demo", group, step, r.time(), r.seq()));
            }
        }
        return fired;
    }

    static AlertRule builtin(String id) {
        return BuiltInRules.byId(id);
    }

    @Test
    void fiveWrongPasswordsForAliceFireOneAlert() {
        List<AlertRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(login(i + 1, T0 + i * 1000, "alice-id", "10.0.0.1"));
        }
        List<Alert> alerts = run(builtin(BuiltInRules.FAILED_LOGINS_USER), records);
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals(5, a.count());
        assertEquals("alice-id", a.group());
        assertEquals("user", a.groupBy());
        assertEquals(T0, a.firstTime());
        assertEquals(5L, a.lastSeq());
        assertEquals(Severity.WARNING, a.severity());
        assertTrue(a.summary().contains("5 matching records within 300 s for user alice-id"), a.summary());
    }

    @Test
    void fourAreNotEnough() {
        List<AlertRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(login(i + 1, T0 + i * 1000, "alice-id", "10.0.0.1"));
        }
        assertEquals(0, run(builtin(BuiltInRules.FAILED_LOGINS_USER), records).size());
    }

    @Test
    void theWindowSlides() {
        AlertRule rule = builtin(BuiltInRules.FAILED_LOGINS_USER);
        List<AlertRecord> records = new ArrayList<>();
        // One failure every 80 s: never 5 within 300 s.
        for (int i = 0; i < 20; i++) {
            records.add(login(i + 1, T0 + i * 80_000L, "alice-id", "10.0.0.1"));
        }
        assertEquals(0, run(rule, records).size());
        // One every 70 s: the 5th is 280 s after the 1st.
        records.clear();
        for (int i = 0; i < 5; i++) {
            records.add(login(i + 1, T0 + i * 70_000L, "alice-id", "10.0.0.1"));
        }
        assertEquals(1, run(rule, records).size());
    }

    @Test
    void groupsCountSeparately() {
        List<AlertRecord> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            records.add(login(i + 1, T0 + i, i % 2 == 0 ? "alice-id" : "bob-id", "10.0.0.1"));
        }
        assertEquals(0, run(builtin(BuiltInRules.FAILED_LOGINS_USER), records).size(), "4 each");
        records.add(login(9, T0 + 9, "alice-id", "10.0.0.1"));
        List<Alert> alerts = run(builtin(BuiltInRules.FAILED_LOGINS_USER), records);
        assertEquals(1, alerts.size());
        assertEquals("alice-id", alerts.get(0).group());
    }

    @Test
    void perIpRuleCountsAcrossUsersAndSkipsRecordsWithoutAnAddress() {
        AlertRule rule = builtin(BuiltInRules.FAILED_LOGINS_IP);
        List<AlertRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(login(i + 1, T0 + i, "user-" + i, i == 0 ? null : "10.0.0.9"));
        }
        assertEquals(0, run(rule, records).size(), "19 with an address");
        records.add(login(21, T0 + 21, "user-21", "10.0.0.9"));
        List<Alert> alerts = run(rule, records);
        assertEquals(1, alerts.size());
        assertEquals("10.0.0.9", alerts.get(0).group());
        assertEquals(20, alerts.get(0).count());
    }

    @Test
    void theQuietPeriodMakesOneAlertPerIncident() {
        AlertRule rule = builtin(BuiltInRules.FAILED_LOGINS_USER);
        List<AlertRecord> records = new ArrayList<>();
        // 100 failures in 100 s: one incident, one alert.
        for (int i = 0; i < 100; i++) {
            records.add(login(i + 1, T0 + i * 1000L, "alice-id", "10.0.0.1"));
        }
        assertEquals(1, run(rule, records).size());
        // After the quiet period (900 s), a new burst is a new incident.
        for (int i = 0; i < 5; i++) {
            records.add(login(200 + i, T0 + 1_000_000L + i, "alice-id", "10.0.0.1"));
        }
        assertEquals(2, run(rule, records).size());
    }

    @Test
    void thresholdOneWithoutQuietFiresOnEveryMatch() {
        AlertRule rule = builtin(BuiltInRules.DESTINATION_DISABLED);
        AlertRecord r = new AlertRecord(1, T0, "system", "GATEHOUSE_DESTINATION_DISABLED", null, null, null, null, null, Map.of("destination", "d1"));
        AlertRecord s = new AlertRecord(2, T0, "system", "GATEHOUSE_DESTINATION_DISABLED", null, null, null, null, null, Map.of("destination", "d2"));
        List<Alert> alerts = run(rule, List.of(r, s));
        assertEquals(2, alerts.size());
        assertNull(alerts.get(0).group(), "group none has no value");
        assertEquals(Severity.CRITICAL, alerts.get(0).severity());
    }

    @Test
    void outOfOrderTimesStillCount() {
        SlidingWindow.Step s = SlidingWindow.observe(WindowState.EMPTY, 3, 10_000, 0, T0 + 5);
        s = SlidingWindow.observe(s.next(), 3, 10_000, 0, T0 + 1);
        assertEquals(List.of(T0 + 1, T0 + 5), s.next().times());
        s = SlidingWindow.observe(s.next(), 3, 10_000, 0, T0 + 3);
        assertTrue(s.fired());
        assertEquals(T0 + 1, s.firstTime());
    }

    @Test
    void stateExpiresAfterWindowAndQuietPeriod() {
        SlidingWindow.Step s = SlidingWindow.observe(WindowState.EMPTY, 2, 10_000, 60_000, T0);
        assertEquals(T0 + 10_000, s.next().expiresAt(10_000));
        s = SlidingWindow.observe(s.next(), 2, 10_000, 60_000, T0 + 1);
        assertTrue(s.fired());
        assertEquals(T0 + 1 + 60_000, s.next().expiresAt(10_000));
        assertEquals(s.next(), WindowState.decode(s.next().encode()));
        assertEquals(WindowState.EMPTY, WindowState.decode("garbage"));
    }

    @Test
    void stateHoldsAtMostThresholdTimes() {
        WindowState st = WindowState.EMPTY;
        for (int i = 0; i < 50; i++) {
            st = SlidingWindow.observe(st, 5, 1_000_000, 1_000_000, T0 + i).next();
        }
        assertTrue(st.times().size() <= 5, st.toString());
    }

    @Test
    void lockoutsAdminGrantsVaultAndVerifyFailuresMatch() {
        AlertRecord lockout = new AlertRecord(1, T0, "user", "USER_DISABLED_BY_TEMPORARY_LOCKOUT", null, null, "alice-id", null, "10.0.0.1", Map.of());
        assertEquals(1, run(builtin(BuiltInRules.LOCKOUT), List.of(lockout, lockout)).size(), "one per quiet period");
        AlertRecord grant = new AlertRecord(2, T0, "admin", "CREATE", "REALM_ROLE_MAPPING", null, "admin-id", "admin-cli", "10.0.0.1", Map.of());
        assertEquals(1, run(builtin(BuiltInRules.ADMIN_GRANTS), List.of(grant)).size());
        AlertRecord update = new AlertRecord(3, T0, "admin", "UPDATE", "USER", null, "admin-id", "admin-cli", "10.0.0.1", Map.of());
        assertEquals(0, run(builtin(BuiltInRules.ADMIN_GRANTS), List.of(update)).size());
        AlertRecord vault = new AlertRecord(4, T0, "system", "VAULT_FETCH", null, "backend_unavailable", null, null, null, Map.of("reference", "x"));
        AlertRecord vaultOk = new AlertRecord(5, T0, "system", "VAULT_FETCH", null, null, null, null, null, Map.of("reference", "x"));
        assertEquals(1, run(builtin(BuiltInRules.VAULT_FAILURE), List.of(vaultOk, vault)).size());
        AlertRecord verify = new AlertRecord(6, T0, "system", "GATEHOUSE_AUDIT_VERIFY", null, "verification_failed", null, null, null, Map.of());
        assertEquals(1, run(builtin(BuiltInRules.VERIFY_FAILURE), List.of(verify)).size());
    }

    /** The vault provider's VAULT_SECRET_EXPIRING (a fetched secret expires or rotates within expiry-warning). */
    @Test
    void expiringVaultSecretsRaiseOneWarningADay() {
        AlertRecord fetched = new AlertRecord(1, T0, "system", "VAULT_FETCH", null, null, null, null, null, Map.of("reference", "smtp#password"));
        AlertRecord expiring = new AlertRecord(2, T0, "system", "VAULT_SECRET_EXPIRING", null, null, null, null, null,
                Map.of("reference", "smtp#password", "backend", "aws", "name", "keycloak/demo/smtp", "rotates", "2030-06-04T12:00:00Z",
                        "in_seconds", "259200"));
        AlertRecord nextNode = new AlertRecord(3, T0 + 300_000, "system", "VAULT_SECRET_EXPIRING", null, null, null, null, null, expiring.details());
        AlertRecord nextDay = new AlertRecord(4, T0 + 86_400_001, "system", "VAULT_SECRET_EXPIRING", null, null, null, null, null, expiring.details());
        List<Alert> alerts = run(builtin(BuiltInRules.VAULT_EXPIRING), List.of(fetched, expiring, nextNode, nextDay));
        assertEquals(2, alerts.size(), "one a day, however many fetches report it: " + alerts);
        assertEquals(Severity.WARNING, alerts.get(0).severity());
        assertEquals(0, run(builtin(BuiltInRules.VAULT_FAILURE), List.of(expiring)).size(), "a warning, not a vault failure");
    }

    @Test
    void codeSendsAndThrottlingMatchTheCodeStepsEvents() {
        List<AlertRecord> sends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sends.add(new AlertRecord(i, T0 + i, "user", "CUSTOM_REQUIRED_ACTION", null, null, "u" + i, "demo-app", "10.0.0." + i,
                    Map.of("gatehouse_otp_event", "code_sent", "gatehouse_otp_outcome", "sent", "gatehouse_otp_channel", "sms")));
        }
        assertEquals(1, run(builtin(BuiltInRules.CODE_SENDS), sends).size());
        // Before authentication (passwordless) each request is code_requested with its outcome: sends count,
        // requests that sent nothing (a code sent moments ago, a resend in the cooldown) don't.
        List<AlertRecord> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(new AlertRecord(i, T0 + i, "user", "CUSTOM_REQUIRED_ACTION", null, null, "u" + i, "demo-passwordless", "10.0.0." + i,
                    Map.of("gatehouse_otp_event", "code_requested", "gatehouse_otp_outcome", i < 50 ? "recently_sent" : "sent")));
        }
        List<Alert> spike = run(builtin(BuiltInRules.CODE_SENDS), requests);
        assertEquals(1, spike.size());
        assertEquals(99L, spike.get(0).lastSeq(), "fired on the fiftieth send, not on a request that sent nothing");
        AlertRecord verified = new AlertRecord(1, T0, "user", "CUSTOM_REQUIRED_ACTION", null, null, "u", "c", "ip",
                Map.of("gatehouse_otp_event", "code_verified", "gatehouse_otp_outcome", "sent"));
        assertNull(builtin(BuiltInRules.CODE_SENDS).groupOf(verified));
        AlertRecord throttled = new AlertRecord(1, T0, "user", "CUSTOM_REQUIRED_ACTION_ERROR", null, "gatehouse_send_throttled", "u", "demo-app",
                "10.0.0.1", Map.of("gatehouse_otp_event", "send_throttled"));
        assertEquals(1, run(builtin(BuiltInRules.CODE_THROTTLED), List.of(throttled, throttled, throttled)).size());
    }

    @Test
    void alertRecordsNeverMatch() {
        AlertRule anySystem = AlertRule.parse("c1", "all system", Map.of("kind", "system"), AlertRule.defaults());
        AlertRecord alert = new AlertRecord(1, T0, "system", AlertRecord.ALERT_TYPE, null, null, null, null, null, Map.of());
        assertNull(anySystem.groupOf(alert));
    }

    @Test
    void sealLagFiresOncePerQuietPeriod() {
        AlertRule lag = builtin(BuiltInRules.SEAL_LAG);
        assertFalse(lag.lagging(null, T0));
        assertFalse(lag.lagging(T0 - 60_000, T0));
        assertTrue(lag.lagging(T0 - 60_001, T0));
        SlidingWindow.Step first = lag.observe(WindowState.EMPTY, T0);
        assertTrue(first.fired());
        assertFalse(lag.observe(first.next(), T0 + 5_000).fired(), "still quiet");
        assertTrue(lag.observe(first.next(), T0 + 900_000).fired());
        assertTrue(lag.alert("x", "demo", "", first, T0, null).summary().contains("unsealed for more than 60 s"));
    }

    @Test
    void aCustomRuleMatchesItsFieldsExactly() {
        AlertRule rule = AlertRule.parse("comp-1", "bob's resets", Map.of("kind", "user", "type", "RESET_PASSWORD##SEND_RESET_PASSWORD",
                "outcome", "success", "client", "demo-app", "details", "auth_method=openid-connect##auth_method=saml##username=bob",
                "threshold", "2", "window-seconds", "60", "group-by", "client", "severity", "critical"), AlertRule.defaults());
        assertEquals("comp-1", rule.id(), "no id: the component's");
        assertEquals(Severity.CRITICAL, rule.severity());
        AlertRecord hit = new AlertRecord(1, T0, "user", "RESET_PASSWORD", null, null, "u", "demo-app", "1.2.3.4",
                Map.of("auth_method", "saml", "username", "bob"));
        assertEquals("demo-app", rule.groupOf(hit));
        assertNull(rule.groupOf(new AlertRecord(1, T0, "user", "RESET_PASSWORD", null, null, "u", "demo-app", "1.2.3.4",
                Map.of("auth_method", "saml", "username", "Bob"))), "exact, case-sensitive");
        assertNull(rule.groupOf(new AlertRecord(1, T0, "user", "RESET_PASSWORD", null, "x", "u", "demo-app", "1.2.3.4",
                Map.of("auth_method", "saml", "username", "bob"))), "outcome success");
        assertNull(rule.groupOf(new AlertRecord(1, T0, "user", "RESET_PASSWORD", null, null, "u", "demo-app", "1.2.3.4",
                Map.of("auth_method", "saml"))), "every detail key must be there");
        assertEquals(1, run(rule, List.of(hit, hit)).size());
    }

    @Test
    void badRulesAreRefusedNamingTheOption() {
        Map<String, String> ok = Map.of("type", "LOGIN_ERROR");
        record Bad(String key, String value) {
        }
        for (Bad b : List.of(new Bad("threshold", "0"), new Bad("threshold", "ten"), new Bad("threshold", "10001"),
                new Bad("window-seconds", "0"), new Bad("quiet-seconds", "-1"), new Bad("group-by", "session"),
                new Bad("severity", "LOUD"), new Bad("kind", "robot"), new Bad("outcome", "maybe"), new Bad("details", "novalue"),
                new Bad("enabled", "yes"), new Bad("id", "has space"), new Bad("id", "builtin-mine"))) {
            Map<String, String> c = new HashMap<>(ok);
            c.put(b.key(), b.value());
            RuleException e = assertThrows(RuleException.class, () -> BuiltInRules.parse(new BuiltInRules.Configured("c", "n", c)), b.toString());
            assertEquals(b.key(), e.option(), e.getMessage());
            assertFalse(e.getMessage().contains(b.value()) && b.value().length() > 3, "input is not echoed: " + e.getMessage());
        }
        RuleException none = assertThrows(RuleException.class, () -> AlertRule.parse("c", "n", Map.of("threshold", "3"), AlertRule.defaults()));
        assertEquals("type", none.option(), "a rule must name a kind or a type");
    }

    @Test
    void overridesChangeOrSwitchOffABuiltIn() {
        List<BuiltInRules.Configured> components = List.of(
                new BuiltInRules.Configured("c1", "", Map.of("id", BuiltInRules.FAILED_LOGINS_USER, "threshold", "3")),
                new BuiltInRules.Configured("c2", "", Map.of("id", BuiltInRules.CODE_SENDS, "enabled", "false")),
                new BuiltInRules.Configured("c3", "My rule", Map.of("id", "mine", "type", "LOGIN")),
                new BuiltInRules.Configured("c4", "Twin", Map.of("id", "mine", "type", "LOGOUT")),
                new BuiltInRules.Configured("c5", "Broken", Map.of("type", "LOGIN", "threshold", "x")));
        List<String> invalid = new ArrayList<>();
        List<BuiltInRules.Effective> rules = BuiltInRules.effective(components, (c, e) -> invalid.add(c.componentId() + " " + e.option()));
        assertEquals(List.of("c4 id", "c5 threshold"), invalid);
        assertEquals(BuiltInRules.all().size() + 1, rules.size());
        BuiltInRules.Effective user = rules.stream().filter(r -> r.rule().id().equals(BuiltInRules.FAILED_LOGINS_USER)).findFirst().orElseThrow();
        assertEquals(BuiltInRules.Source.OVERRIDE, user.source());
        assertEquals(3, user.rule().threshold());
        assertEquals(GroupBy.USER, user.rule().groupBy(), "options the override leaves out stay the built-in's");
        assertEquals("Failed logins per user", user.rule().name());
        BuiltInRules.Effective sends = rules.stream().filter(r -> r.rule().id().equals(BuiltInRules.CODE_SENDS)).findFirst().orElseThrow();
        assertFalse(sends.rule().enabled());
        assertNull(sends.rule().groupOf(new AlertRecord(1, T0, "user", "CUSTOM_REQUIRED_ACTION", null, null, "u", "c", "ip",
                Map.of("gatehouse_otp_event", "code_sent"))));
        assertEquals(BuiltInRules.Source.CUSTOM, rules.get(rules.size() - 1).source());
        assertEquals("My rule", rules.get(rules.size() - 1).rule().name());
        assertEquals(BuiltInRules.Source.BUILTIN, rules.get(1).source());
    }

    @Test
    void builtInsAreAllOnWithDistinctIds() {
        assertEquals(BuiltInRules.all().size(), BuiltInRules.ids().size());
        BuiltInRules.all().forEach(r -> {
            assertTrue(r.enabled(), r.id());
            assertTrue(r.id().startsWith(AlertRule.BUILTIN_PREFIX), r.id());
        });
    }
}
