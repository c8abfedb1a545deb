package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.authenticators.mfa.Factor;
import dev.gatehouse.authenticators.mfa.MfaOption;
import dev.gatehouse.authenticators.mfa.MfaPolicy;
import dev.gatehouse.authenticators.sms.SmsOption;
import dev.gatehouse.authenticators.trust.TrustOption;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.Json;
import org.junit.jupiter.api.Test;

/** What the demo realm file promises, checked without a server (the ITs check the server honours it). */
class DemoRealmFileTest {

    static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{GATEHOUSE_[A-Z_]+:[^}]*}$");

    final JsonNode realm = Json.parse(read());

    static String read() {
        try {
            return Files.readString(BuildInfo.realmConfig("demo"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thePasswordGrantIsBoundToAFlowThatRefuses() {
        // Keycloak creates admin-cli with direct access grants on; its built-in direct grant flow asks no MFA policy.
        assertEquals("gatehouse-direct-grant", realm.get("directGrantFlow").asText());
        for (JsonNode flow : realm.get("authenticationFlows")) {
            if ("gatehouse-direct-grant".equals(flow.get("alias").asText())) {
                assertEquals("deny-access-authenticator", flow.get("authenticationExecutions").get(0).get("authenticator").asText());
                assertEquals(1, flow.get("authenticationExecutions").size());
                return;
            }
        }
        throw new AssertionError("no flow gatehouse-direct-grant");
    }

    @Test
    void demoAppIsAPublicPkceOnlyClient() {
        JsonNode app = client("demo-app");
        assertTrue(app.get("publicClient").asBoolean());
        assertTrue(app.get("standardFlowEnabled").asBoolean());
        assertFalse(app.get("implicitFlowEnabled").asBoolean(), "no implicit flow");
        assertFalse(app.get("directAccessGrantsEnabled").asBoolean(), "no password grant");
        assertEquals("S256", app.get("attributes").get("pkce.code.challenge.method").asText());
        for (JsonNode uri : app.get("redirectUris")) {
            assertTrue(uri.asText().startsWith("http://localhost:") || uri.asText().startsWith("http://127.0.0.1:"),
                    "redirects stay on this machine: " + uri);
        }
    }

    @Test
    void everySecretIsAPlaceholder() {
        for (JsonNode user : realm.get("users")) {
            for (JsonNode credential : user.get("credentials")) {
                if ("password".equals(credential.get("type").asText())) {
                    assertTrue(PLACEHOLDER.matcher(credential.get("value").asText()).matches(),
                            user.get("username") + "'s password is not a ${GATEHOUSE_…:default} placeholder");
                } else {
                    // Opt-in credentials such as gatehouse-email-code hold no secret at all.
                    assertEquals("{}", credential.get("secretData").asText(), user.get("username") + " " + credential);
                }
            }
        }
        assertTrue(PLACEHOLDER.matcher(realm.get("smtpServer").get("host").asText()).matches());
    }

    @Test
    void demoUsersHaveVerifiedEmails() {
        for (String name : new String[] {"alice", "bob", "carol"}) {
            JsonNode user = user(name);
            assertTrue(user.get("emailVerified").asBoolean() && user.get("enabled").asBoolean(), name);
        }
    }

    @Test
    void placeholdersUseTheDocumentedVariableNames() throws Exception {
        // README's realm table and docker-compose.yml name these variables: keep the three in step.
        String readme = Files.readString(BuildInfo.projectRoot().resolve("README.md"));
        Matcher m = Pattern.compile("\\$\\{(GATEHOUSE_[A-Z_]+):").matcher(read());
        while (m.find()) {
            assertTrue(readme.contains("`" + m.group(1) + "`"), m.group(1) + " is not documented in README.md");
        }
    }

    @Test
    void bruteForceDetectionIsOn() {
        assertTrue(realm.get("bruteForceProtected").asBoolean());
    }

    @Test
    void levelsOfAuthenticationAreNamedAndEveryFlowKnowsAllThree() {
        // docs/levels-of-authentication.md: acr "1" = one factor, "2" = two different factors, "3" = a passkey.
        assertEquals("{\"1\":1,\"2\":2,\"3\":3}", realm.get("attributes").get("acr.loa.map").asText());
        JsonNode app = client("demo-app").get("attributes");
        assertEquals("2", app.get("default.acr.values").asText(), "demo-app asks for two factors when the user has them");
        assertEquals("1", app.get("minimum.acr.value").asText(), "and accepts a password alone (bob, the bench)");
        // Keycloak's acr mapper answers the best *asked-for* level that was met: a client that asks nothing is told the
        // level reached (a two-factor session says "2" at demo-passwordless).
        assertTrue(client("demo-passwordless").get("attributes").path("minimum.acr.value").isMissingNode());
        // Keycloak reads a level's max age from the running flow: both flows must configure levels 1, 2 and 3.
        for (String flow : new String[] {"gatehouse-browser", "gatehouse-passwordless"}) {
            java.util.Set<String> levels = new java.util.TreeSet<>();
            for (JsonNode config : realm.get("authenticatorConfig")) {
                if (config.get("alias").asText().startsWith(flow + " level ")) {
                    levels.add(config.get("config").get("loa-condition-level").asText());
                    assertEquals("36000", config.get("config").get("loa-max-age").asText());
                }
            }
            assertEquals(java.util.Set.of("1", "2", "3"), levels, flow);
        }
    }

    @Test
    void everyPasswordFirstFactorSpendsTheAddressBudget() {
        // docs/mfa-policy.md, "Address budget": Keycloak's own form would check passwords without the budget.
        for (JsonNode f : realm.get("authenticationFlows")) {
            if (f.get("alias").asText().endsWith(" level 1")) {
                for (JsonNode e : f.get("authenticationExecutions")) {
                    assertFalse(Set.of("auth-username-password-form", "auth-username-form", "auth-password-form")
                            .contains(e.path("authenticator").asText()), f.get("alias") + ": " + e);
                }
            }
        }
        assertEquals("gatehouse-username-password-form",
                flow("gatehouse-browser level 1").get("authenticationExecutions").get(1).get("authenticator").asText());
        assertEquals("gatehouse-email-code-passwordless",
                flow("gatehouse-passwordless level 1").get("authenticationExecutions").get(1).get("authenticator").asText());
        // The factor conditions must know the new step proves the password, or level 2 would ask it again.
        for (JsonNode config : realm.get("authenticatorConfig")) {
            String steps = config.get("config").path("gatehouse.factor.steps").asText();
            if (steps.contains("auth-password-form")) {
                assertTrue(List.of(steps.split("##")).contains("gatehouse-username-password-form"), config.get("alias").asText());
            }
        }
    }

    @Test
    void bobEnrolsAPhoneAtHisNextSignInAndAliceDoesNot() {
        assertEquals(List.of(DemoUsers.PHONE_ENROLMENT), texts(user("bob").get("requiredActions")), "bob is asked for a phone number");
        assertTrue(user("alice").path("requiredActions").isEmpty(), "alice's sign-in is unchanged");
        for (JsonNode credential : user("alice").get("credentials")) {
            assertFalse(credential.get("type").asText().contains("sms"), "alice signs in with email codes: " + credential);
        }
    }

    @Test
    void smsOptionsSitInTheSetupActionWithTheDevSender() {
        JsonNode action = null;
        for (JsonNode a : realm.get("requiredActions")) {
            if (DemoUsers.PHONE_ENROLMENT.equals(a.get("alias").asText())) {
                action = a;
            }
        }
        assertTrue(action != null, "no required action " + DemoUsers.PHONE_ENROLMENT);
        assertEquals(DemoUsers.PHONE_ENROLMENT, action.get("providerId").asText());
        assertTrue(action.get("enabled").asBoolean(), "a disabled action would never ask bob");
        assertFalse(action.get("defaultAction").asBoolean(), "new users are not made to enrol a phone");
        JsonNode config = action.get("config");
        // The realm names the dev sender; only a server started with it enabled (./dev.sh) delivers through it.
        assertEquals("dev", config.get(SmsOption.SENDER.key()).asText());
        assertEquals("US", config.get(SmsOption.DEFAULT_REGION.key()).asText());
        List<String> countries = List.of(config.get(SmsOption.ALLOWED_COUNTRIES.key()).asText().split(","));
        assertTrue(countries.contains("US"), "the default region's numbers may enrol: " + countries);
        Set<String> known = java.util.Arrays.stream(SmsOption.values()).map(SmsOption::key).collect(Collectors.toSet());
        config.fieldNames().forEachRemaining(key -> assertTrue(known.contains(key), "not an SmsOption key: " + key));
        assertFalse(config.has(SmsOption.TWILIO_SECRET.key()), "no secret in the realm file");
    }

    @Test
    void smsCodeIsAnAlternativeSecondFactorBesideTheEmailCode() {
        // docs/levels-of-authentication.md: both flows ask the same second factors, and the factor condition counts an
        // SMS code as a code, or a user with only SMS would never reach level 2 (and a step-up would ask twice).
        for (String flow : new String[] {"gatehouse-browser", "gatehouse-passwordless"}) {
            List<String> alternatives = new ArrayList<>();
            for (JsonNode e : flow(flow + " second factor choice").get("authenticationExecutions")) {
                if ("ALTERNATIVE".equals(e.get("requirement").asText())) {
                    alternatives.add(e.get("authenticator").asText());
                }
            }
            assertEquals(List.of("gatehouse-email-code", "gatehouse-sms-code", "auth-otp-form",
                    "webauthn-authenticator-passwordless", "auth-recovery-authn-code-form"), alternatives, flow);
            for (String condition : new String[] {" code available", " code missing"}) {
                String steps = config(flow + condition).get("gatehouse.factor.steps").asText();
                assertTrue(List.of(steps.split("##")).containsAll(alternatives), flow + condition + ": " + steps);
            }
        }
    }

    @Test
    void levelThreeIsAPasskeyAskedOnlyWhenTheSessionHasNotProvedOne() {
        // docs/sessions-and-factors.md "Passkeys and level 3": right after level 2 in each forms sub-flow.
        for (String flow : new String[] {"gatehouse-browser", "gatehouse-passwordless"}) {
            List<String> forms = steps(flow + " forms");
            assertEquals(forms.indexOf(flow + " level 2") + 1, forms.indexOf(flow + " level 3"), flow + ": " + forms);
            // Allow access closes level 3: Keycloak fails a sub-flow in which no step ran (the passkey already proven).
            assertEquals(List.of("conditional-level-of-authentication", "gatehouse-condition-factor", flow + " passkey",
                    "allow-access-authenticator"), steps(flow + " level 3"), flow);
            assertEquals("3", config(flow + " level 3").get("loa-condition-level").asText());
            assertEquals(List.of("gatehouse-condition-factor", "webauthn-authenticator-passwordless"), steps(flow + " passkey"), flow);
            for (String match : new String[] {"available", "missing"}) {
                JsonNode rule = config(flow + " passkey " + match);
                assertEquals("webauthn-authenticator-passwordless", rule.get("gatehouse.factor.steps").asText());
                assertEquals(match, rule.get("gatehouse.factor.match").asText());
            }
        }
    }

    @Test
    void builtInFactorsAreConfiguredExplicitly() {
        // docs/sessions-and-factors.md: TOTP as authenticator apps expect it; passkeys discoverable and user-verified,
        // offered by the username form (conditional UI).
        assertEquals("totp", realm.get("otpPolicyType").asText());
        assertEquals("HmacSHA1", realm.get("otpPolicyAlgorithm").asText());
        assertEquals(6, realm.get("otpPolicyDigits").asInt());
        assertEquals(30, realm.get("otpPolicyPeriod").asInt());
        assertEquals(1, realm.get("otpPolicyLookAheadWindow").asInt());
        assertFalse(realm.get("otpPolicyCodeReusable").asBoolean());
        assertTrue(realm.get("webAuthnPolicyPasswordlessPasskeysEnabled").asBoolean());
        assertEquals("required", realm.get("webAuthnPolicyPasswordlessResidentKey").asText());
        assertEquals("required", realm.get("webAuthnPolicyPasswordlessUserVerificationRequirement").asText());
        for (String action : new String[] {"CONFIGURE_TOTP", "webauthn-register-passwordless", "CONFIGURE_RECOVERY_AUTHN_CODES"}) {
            boolean enabled = false;
            for (JsonNode a : realm.get("requiredActions")) {
                enabled |= action.equals(a.get("alias").asText()) && a.get("enabled").asBoolean();
            }
            assertTrue(enabled, action);
        }
    }

    @Test
    void sessionsLastEightHoursAndOfflineTokensSevenDays() {
        // docs/sessions-and-factors.md "Sessions": the client session may not outlive the SSO session, so both say 8 h;
        // 7 days is the offline session, capped by its max.
        assertEquals(28800, realm.get("ssoSessionIdleTimeout").asInt());
        assertEquals(28800, realm.get("ssoSessionMaxLifespan").asInt());
        assertEquals(28800, realm.get("clientSessionIdleTimeout").asInt());
        assertEquals(28800, realm.get("clientSessionMaxLifespan").asInt());
        assertEquals(0, realm.get("ssoSessionIdleTimeoutRememberMe").asInt());
        assertEquals(0, realm.get("ssoSessionMaxLifespanRememberMe").asInt());
        assertEquals(604800, realm.get("offlineSessionIdleTimeout").asInt());
        assertTrue(realm.get("offlineSessionMaxLifespanEnabled").asBoolean());
        assertEquals(604800, realm.get("offlineSessionMaxLifespan").asInt());
        assertTrue(realm.get("revokeRefreshToken").asBoolean(), "refresh tokens rotate");
        assertEquals(0, realm.get("refreshTokenMaxReuse").asInt(), "a used refresh token is refused");
    }

    @Test
    void passwordResetLinkLastsAnHourAndEndsInANewSignIn() {
        assertEquals("3600", realm.get("attributes").get("actionTokenGeneratedByUserLifespan.reset-credentials").asText());
        assertEquals("gatehouse-reset-credentials", realm.get("resetCredentialsFlow").asText());
        assertEquals(List.of("reset-credentials-choose-user", "reset-credential-email", "gatehouse-end-sessions", "reset-password"),
                steps("gatehouse-reset-credentials"));
        assertEquals("true", config("gatehouse-reset-credentials email").get("force-login").asText());
    }

    private List<String> steps(String flowAlias) {
        List<String> steps = new ArrayList<>();
        for (JsonNode e : flow(flowAlias).get("authenticationExecutions")) {
            steps.add(e.has("flowAlias") ? e.get("flowAlias").asText() : e.get("authenticator").asText());
        }
        return steps;
    }

    @Test
    void aTrustedBrowserStandsInForTheSecondFactorAndLevelTwoEndsWithTheOffer() {
        // docs/trusted-devices.md "Flow": the trust condition guards the second factor; the codes sit in a required
        // sub-flow of their own (Keycloak ignores alternatives beside required steps); the offer closes level 2, so a
        // level 2 whose code was skipped still has a step that ran.
        for (String flow : new String[] {"gatehouse-browser", "gatehouse-passwordless"}) {
            List<String> steps = new ArrayList<>();
            for (JsonNode e : flow(flow + " second factor").get("authenticationExecutions")) {
                assertEquals("REQUIRED", e.get("requirement").asText(), flow + ": " + e);
                steps.add(e.has("flowAlias") ? e.get("flowAlias").asText() : e.get("authenticator").asText());
            }
            assertEquals(List.of("gatehouse-condition-factor", "gatehouse-condition-device-trusted", flow + " second factor choice"),
                    steps, flow);
            JsonNode condition = flow(flow + " second factor").get("authenticationExecutions").get(1);
            JsonNode rule = config(condition.get("authenticatorConfig").asText());
            assertEquals("not-trusted", rule.get(TrustOption.MATCH.key()).asText());
            assertOptionsOf(TrustOption.Target.CONDITION, rule);

            JsonNode level2 = flow(flow + " level 2").get("authenticationExecutions");
            JsonNode last = level2.get(level2.size() - 1);
            assertEquals("gatehouse-trust-device", last.get("authenticator").asText(), flow);
            assertEquals("REQUIRED", last.get("requirement").asText(), flow);
            for (JsonNode e : level2) {
                assertTrue(e.get("priority").asInt() <= last.get("priority").asInt(), "the offer comes last: " + e);
            }
            assertOptionsOf(TrustOption.Target.STEP, config(last.get("authenticatorConfig").asText()));
        }
    }

    @Test
    void theMfaPolicyDecidesBetweenTheLevelsAndEnrolmentRunsBeforeTheLevelCheck() {
        // docs/mfa-policy.md "Flow": policy after level 1 (it needs the user) and before level 2 (which it may ask
        // for); enrolment after the level sub-flows (level 2 and, where present, level 3), right before the check.
        for (String flow : new String[] {"gatehouse-browser", "gatehouse-passwordless"}) {
            List<String> steps = new ArrayList<>();
            for (JsonNode e : flow(flow + " forms").get("authenticationExecutions")) {
                steps.add(e.has("flowAlias") ? e.get("flowAlias").asText() : e.get("authenticator").asText());
                if (!e.has("flowAlias")) {
                    assertEquals("REQUIRED", e.get("requirement").asText(), flow + ": " + e);
                }
            }
            assertEquals(flow + " level 1", steps.get(0), flow);
            assertEquals("gatehouse-mfa-policy", steps.get(1), flow);
            assertEquals(flow + " level 2", steps.get(2), flow);
            assertEquals(List.of("gatehouse-mfa-enrolment", "gatehouse-level-check"), steps.subList(steps.size() - 2, steps.size()), flow);
        }
        for (JsonNode f : realm.get("authenticationFlows")) {
            // Keycloak stores a flow's description in a column of 255 characters: longer, the import fails.
            assertTrue(f.path("description").asText().length() <= 255, f.get("alias").asText());
        }
    }

    @Test
    void theMfaPolicyJudgesSsoSignInsRightBeforeTheCookie() {
        // docs/mfa-policy.md "Flow": the SSO cookie answers before the forms sub-flow; gatehouse-mfa-sso raises the
        // asked level first, so the cookie steps up. It must be an ALTERNATIVE (a REQUIRED step beside alternatives
        // makes Keycloak skip them) and come right before auth-cookie.
        for (String flow : new String[] {"gatehouse-browser", "gatehouse-passwordless"}) {
            List<JsonNode> steps = new ArrayList<>();
            flow(flow).get("authenticationExecutions").forEach(steps::add);
            steps.sort(java.util.Comparator.comparingInt(e -> e.get("priority").asInt()));
            assertEquals("gatehouse-mfa-sso", steps.get(0).path("authenticator").asText(), flow);
            assertEquals("ALTERNATIVE", steps.get(0).get("requirement").asText(), flow);
            assertEquals("auth-cookie", steps.get(1).path("authenticator").asText(), flow);
        }
    }

    @Test
    void theMfaPolicyIsTheDemoPolicyAndParses() {
        JsonNode config = requiredAction("gatehouse-mfa-enrol").get("config");
        java.util.Map<String, String> values = new java.util.HashMap<>();
        config.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
        Set<String> keys = java.util.Arrays.stream(MfaOption.values()).map(MfaOption::key).collect(Collectors.toSet());
        assertTrue(keys.containsAll(values.keySet()), "only policy options: " + values.keySet());
        MfaPolicy policy = MfaPolicy.of(values);
        assertTrue(policy.requiredByDefault());
        assertEquals(Set.of("/admins"), policy.requiredGroups());
        assertEquals(Set.of("/mfa-exempt"), policy.exemptGroups());
        assertEquals(List.of(Factor.TOTP, Factor.PASSKEY, Factor.SMS, Factor.EMAIL), policy.factors());
        assertTrue(policy.recoveryCodes());
        assertEquals(3, policy.grace().signIns());
        assertEquals(Set.of("microsoft"), policy.acknowledgedIdps());
        assertEquals(new dev.gatehouse.authenticators.ipbudget.AddressBudget(50, java.time.Duration.ofMinutes(15)),
                dev.gatehouse.authenticators.ipbudget.AddressBudget.from(values));
        for (String group : new String[] {"/admins", "/mfa-exempt"}) {
            boolean found = false;
            for (JsonNode g : realm.get("groups")) {
                found |= group.equals(g.get("path").asText());
            }
            assertTrue(found, "group " + group + " exists");
        }
    }

    @Test
    void recoveryCodesComeRightAfterEachFactorSetupAndTheChoiceBeforeNone() {
        // The choice adds a factor's setup and then the recovery codes to the sign-in; Keycloak runs required
        // actions by priority, so every setup must come before the codes, and the choice itself after both.
        int codes = requiredAction("CONFIGURE_RECOVERY_AUTHN_CODES").get("priority").asInt();
        int choice = requiredAction("gatehouse-mfa-enrol").get("priority").asInt();
        assertTrue(requiredAction("CONFIGURE_RECOVERY_AUTHN_CODES").get("enabled").asBoolean());
        assertTrue(requiredAction("gatehouse-mfa-enrol").get("enabled").asBoolean());
        for (Factor f : Factor.values()) {
            JsonNode setup = requiredAction(f.setupAction());
            assertTrue(setup.get("enabled").asBoolean(), f + " can be set up");
            assertTrue(setup.get("priority").asInt() < codes, f + "'s setup comes before the recovery codes");
        }
        assertTrue(codes < choice);
    }

    @Test
    void theDemoUsersOfTheEarlierStoriesAreExemptFromTheMfaPolicy() {
        // alice (email codes) and bob (a phone at his next sign-in) keep the sign-ins their docs and tests describe.
        for (String name : new String[] {"alice", "bob"}) {
            assertEquals(List.of("/mfa-exempt"), texts(user(name).get("groups")), name);
        }
    }

    @Test
    void carolIsTheNewUserThePolicyMakesEnrol() {
        // dev.sh's walk-through: a password only, in no exempt group, so her first sign-in shows the factor choice.
        JsonNode carol = user("carol");
        assertTrue(carol.path("groups").isEmpty(), "carol is under the realm's policy");
        assertEquals(List.of("password"), carol.get("credentials").findValuesAsText("type"));
    }

    private JsonNode requiredAction(String alias) {
        for (JsonNode a : realm.get("requiredActions")) {
            if (alias.equals(a.get("alias").asText())) {
                return a;
            }
        }
        throw new AssertionError("no required action " + alias);
    }

    private static void assertOptionsOf(TrustOption.Target target, JsonNode config) {
        Set<String> keys = java.util.Arrays.stream(TrustOption.values()).filter(o -> o.target() == target)
                .map(TrustOption::key).collect(Collectors.toSet());
        config.fieldNames().forEachRemaining(key -> assertTrue(keys.contains(key), "not a " + target + " option: " + key));
    }

    @Test
    void onlyDevShEnablesTheDevSender() throws Exception {
        // The dev sender logs codes and full numbers: ./dev.sh turns it on, the production-like compose stack doesn't.
        Pattern enables = Pattern.compile("(?i)(gatehouse-sms-sender--dev--enabled|GATEHOUSE_SMS_SENDER__DEV__ENABLED)\\W*true");
        java.nio.file.Path root = BuildInfo.projectRoot();
        assertTrue(enables.matcher(Files.readString(root.resolve("dev.sh"))).find(), "dev.sh enables the dev sender");
        for (String line : Files.readAllLines(root.resolve("docker-compose.yml"))) {
            assertFalse(!line.trim().startsWith("#") && enables.matcher(line).find(), "docker-compose.yml: " + line);
        }
    }

    private JsonNode user(String username) {
        for (JsonNode u : realm.get("users")) {
            if (username.equals(u.get("username").asText())) {
                return u;
            }
        }
        throw new AssertionError("no user " + username);
    }

    private JsonNode flow(String alias) {
        for (JsonNode f : realm.get("authenticationFlows")) {
            if (alias.equals(f.get("alias").asText())) {
                return f;
            }
        }
        throw new AssertionError("no flow " + alias);
    }

    private JsonNode config(String alias) {
        for (JsonNode c : realm.get("authenticatorConfig")) {
            if (alias.equals(c.get("alias").asText())) {
                return c.get("config");
            }
        }
        throw new AssertionError("no authenticator config " + alias);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private JsonNode client(String clientId) {
        for (JsonNode c : realm.get("clients")) {
            if (clientId.equals(c.get("clientId").asText())) {
                return c;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    @Test
    void alertsOfWarningAndAboveAreMailedToTheSecurityTeam() throws Exception {
        JsonNode pages = realm.get("components").get("dev.gatehouse.audit.delivery.keycloak.AlertDestinationProvider");
        List<JsonNode> destinations = new ArrayList<>();
        pages.forEach(c -> {
            if ("gatehouse-alert-destination".equals(c.get("providerId").asText())) {
                destinations.add(c);
            }
        });
        assertEquals(1, destinations.size(), pages.toString());
        java.util.Map<String, String> config = new java.util.HashMap<>();
        destinations.get(0).get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().get(0).asText()));
        dev.gatehouse.audit.delivery.Destination d = dev.gatehouse.audit.delivery.Destination.parse("demo", "mail", config);
        assertEquals(dev.gatehouse.audit.delivery.Destination.Type.EMAIL, d.type());
        assertEquals(List.of("security@example.com"), d.emails());
        assertEquals(dev.gatehouse.audit.alert.Severity.WARNING, d.minSeverity());
        assertTrue(d.enabled());
    }
}
