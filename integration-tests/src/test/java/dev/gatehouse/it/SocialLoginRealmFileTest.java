package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.Json;
import org.junit.jupiter.api.Test;

/** The demo realm's social providers and broker flows (docs/social-login.md), checked without a server. */
class SocialLoginRealmFileTest {

    final JsonNode realm = Json.parse(DemoRealmFileTest.read());

    @Test
    void fourProvidersWithVaultSecretsAndTheGatehouseBrokerFlows() {
        List<String> seen = new ArrayList<>();
        for (JsonNode idp : realm.get("identityProviders")) {
            String alias = idp.get("alias").asText();
            seen.add(alias + "=" + idp.get("providerId").asText());
            assertEquals("${vault." + alias + "-client-secret}", idp.get("config").get("clientSecret").asText(), alias);
            assertEquals("gatehouse-first-broker-login", idp.get("firstBrokerLoginFlowAlias").asText(), alias);
            assertEquals("gatehouse-post-broker", idp.get("postBrokerLoginFlowAlias").asText(), alias);
            assertFalse(idp.get("trustEmail").asBoolean(), alias + ": an upstream's email claim never links by itself");
        }
        assertEquals(List.of("google=google", "github=github", "microsoft=microsoft", "linkedin=linkedin-openid-connect"), seen);
        assertEquals("gatehouse-first-broker-login", realm.get("firstBrokerLoginFlow").asText());
        assertFalse(idp("microsoft").get("config").path("tenantId").asText().isBlank(), "Microsoft with a tenant");
    }

    @Test
    void anExistingAccountIsLinkedOnlyAfterProof() {
        String f = "gatehouse-first-broker-login";
        assertEquals(List.of("idp-review-profile", f + " user creation or linking"), steps(f));
        assertEquals(List.of("idp-create-user-if-unique", f + " handle existing account"), steps(f + " user creation or linking"));
        assertEquals(List.of("idp-confirm-link", f + " account verification options"), steps(f + " handle existing account"));
        assertEquals(List.of("idp-email-verification", f + " verify by re-authentication"), steps(f + " account verification options"));
        assertEquals(List.of("idp-username-password-form", f + " second factor"), steps(f + " verify by re-authentication"));
        List<String> allSteps = new ArrayList<>();
        realm.get("authenticationFlows").forEach(flow -> {
            if (flow.get("alias").asText().startsWith(f)) {
                flow.get("authenticationExecutions").forEach(e -> allSteps.add(e.path("authenticator").asText()));
            }
        });
        assertFalse(allSteps.contains("idp-auto-link"), "no silent linking");
    }

    /**
     * Linking proves whichever second factor the account has: a passkey-only or recovery-codes-only account is not
     * linked after its password alone (review finding 2). The guard lists exactly the steps it guards.
     */
    @Test
    void linkingAsksAnySecondFactorTheAccountHas() {
        String f = "gatehouse-first-broker-login second factor";
        List<String> choice = List.of("gatehouse-email-code", "gatehouse-sms-code", "auth-otp-form",
                "webauthn-authenticator-passwordless", "auth-recovery-authn-code-form");
        List<String> expected = new ArrayList<>(List.of("gatehouse-condition-factor"));
        expected.addAll(choice);
        assertEquals(expected, steps(f));
        assertEquals(choice, steps("gatehouse-post-broker second factor choice"), "the same factors as after a brokered sign-in");
        String configAlias = null;
        for (JsonNode flow : realm.get("authenticationFlows")) {
            if (flow.get("alias").asText().equals(f)) {
                configAlias = flow.get("authenticationExecutions").get(0).get("authenticatorConfig").asText();
            }
        }
        JsonNode config = null;
        for (JsonNode c : realm.get("authenticatorConfig")) {
            if (c.get("alias").asText().equals(configAlias)) {
                config = c.get("config");
            }
        }
        assertEquals("available", config.get("gatehouse.factor.match").asText());
        assertEquals(String.join("##", choice), config.get("gatehouse.factor.steps").asText());
    }

    @Test
    void thePostBrokerFlowDecidesThenAsksTheLocalFactorThenEnrols() {
        String p = "gatehouse-post-broker";
        assertEquals(List.of("gatehouse-mfa-broker", p + " second factor", "gatehouse-mfa-enrolment", "gatehouse-level-check"), steps(p));
        assertEquals(List.of("gatehouse-condition-mfa-broker", "gatehouse-condition-factor", p + " second factor choice"), steps(p + " second factor"));
        assertEquals(List.of("gatehouse-email-code", "gatehouse-sms-code", "auth-otp-form", "webauthn-authenticator-passwordless",
                "auth-recovery-authn-code-form"), steps(p + " second factor choice"));
    }

    @Test
    void theBrokerFlowsFitKeycloaksColumns() {
        // Keycloak stores a flow's description in a VARCHAR(255): a longer one stops the realm import, and the server.
        realm.get("authenticationFlows").forEach(flow -> {
            String alias = flow.get("alias").asText();
            if (alias.startsWith("gatehouse-first-broker-login") || alias.startsWith("gatehouse-post-broker")) {
                assertTrue(flow.path("description").asText().length() <= 255, alias);
            }
        });
    }

    private JsonNode idp(String alias) {
        for (JsonNode idp : realm.get("identityProviders")) {
            if (idp.get("alias").asText().equals(alias)) {
                return idp;
            }
        }
        throw new AssertionError("no identity provider " + alias);
    }

    private List<String> steps(String flowAlias) {
        for (JsonNode flow : realm.get("authenticationFlows")) {
            if (flow.get("alias").asText().equals(flowAlias)) {
                List<String> out = new ArrayList<>();
                flow.get("authenticationExecutions").forEach(e -> out.add(e.has("flowAlias") ? e.get("flowAlias").asText() : e.get("authenticator").asText()));
                return out;
            }
        }
        throw new AssertionError("no flow " + flowAlias);
    }
}
