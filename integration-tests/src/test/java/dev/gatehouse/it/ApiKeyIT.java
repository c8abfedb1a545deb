package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * API keys in use on the real server (docs/api-keys.md, "Exchange", "Validation for gateways", "Refusals"): a key
 * exchanged at the token endpoint for a token a resource server accepts, carrying only the key's roles and scopes;
 * the validation endpoint's answers; every refusal reason on both endpoints, each with its event; and attempts to
 * break the security claims (escalation, brute force, revocation, rotation). One server for the class; each test
 * has its own keys and its own loopback address, so their budgets and limits don't mix.
 */
class ApiKeyIT {

    static final String GRANT = "urn:gatehouse:params:oauth:grant-type:api-key";
    static final String ACTION_CONFIG = "/realms/demo/authentication/required-actions/gatehouse-api-key/config";
    static final String KEYS = "/realms/demo/gatehouse-api-keys";
    static final String CLIENT = "it-key-client";
    static final String OTHER_CLIENT = "it-other-client";
    static final String RESOURCE_SERVER = "it-resource-server";
    static final String RS_SECRET = "it-resource-server-secret";
    static final String OWNER = "key-owner";
    static final int IP_BUDGET = 5;
    static final int CACHE_SECONDS = 2;
    static final int OVERLAP_HOURS = 1;

    @AutoClose
    static DemoServer demo;
    static KeycloakNode server;
    static RealmResource realm;
    static AdminApi admin;
    static TestClock clock;
    static String ownerId;

    @BeforeAll
    static void start() {
        demo = DemoServer.shared();
        server = demo.node();
        realm = server.adminClient().realm("demo");
        admin = server.admin();
        clock = new TestClock(server.baseUrl());

        for (String role : List.of("it-reader", "it-writer", "it-lost")) {
            RoleRepresentation r = new RoleRepresentation();
            r.setName(role);
            realm.roles().create(r);
        }
        publicClient(CLIENT);
        publicClient(OTHER_CLIENT);
        // The resource server accepts (introspects) tokens meant for it: the client puts it in the audience.
        String clientUuid = realm.clients().findByClientId(CLIENT).get(0).getId();
        org.keycloak.representations.idm.ProtocolMapperRepresentation audience = new org.keycloak.representations.idm.ProtocolMapperRepresentation();
        audience.setName("audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", RESOURCE_SERVER, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        realm.clients().get(clientUuid).getProtocolMappers().createMapper(audience).close();
        ClientRepresentation rs = new ClientRepresentation();
        rs.setClientId(RESOURCE_SERVER);
        rs.setPublicClient(false);
        rs.setSecret(RS_SECRET);
        rs.setStandardFlowEnabled(false);
        rs.setServiceAccountsEnabled(true);
        realm.clients().create(rs).close();

        Accounts.create(realm, PartialImportRepresentation.Policy.SKIP,
                List.of(Accounts.user(OWNER, "key-owner@example.com", true, Accounts.password("Passw0rd-it"))));
        ownerId = Accounts.id(realm, OWNER);
        String realmManagement = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(ownerId).roles().clientLevel(realmManagement).add(List.of(
                realm.clients().get(realmManagement).roles().get("view-users").toRepresentation()));
        realm.users().get(ownerId).roles().realmLevel().add(List.of(
                realm.roles().get("it-reader").toRepresentation(), realm.roles().get("it-writer").toRepresentation(),
                realm.roles().get("it-lost").toRepresentation()));

        if (admin.call("GET", "/realms/demo/authentication/required-actions/gatehouse-api-key", null).statusCode() == 404) {
            HttpResponse<String> registered = admin.call("POST", "/realms/demo/authentication/register-required-action",
                    Map.of("providerId", "gatehouse-api-key", "name", "Gatehouse: Create an API key"));
            assertEquals(204, registered.statusCode(), registered.body());
        }
        settings(Map.of("exchangeClients", CLIENT, "ipFailureLimit", Integer.toString(IP_BUDGET),
                "ipFailureWindowMinutes", "5", "cacheSeconds", Integer.toString(CACHE_SECONDS),
                "rotationOverlapHours", Integer.toString(OVERLAP_HOURS), "maxKeysPerOwner", "100"));
    }

    @AfterEach
    void realTime() {
        clock.offset(0);
    }

    // ---------------------------------------------------------------- exchange

    @Test
    void keyIsExchangedForATokenWithOnlyTheKeysRolesAndScopes() {
        Key key = issue(Map.of("name", "exchange", "roles", List.of("it-reader"), "clientScopes", List.of("email", "phone")));
        Caller c = caller("127.0.1.1");
        HttpResponse<String> r = c.exchange(key.key(), CLIENT, null, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Json.parse(r.body());
        assertTrue(body.path("refresh_token").isMissingNode(), "no refresh token: " + r.body());
        assertTrue(body.path("id_token").isMissingNode(), "no ID token: " + r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        long expiresIn = body.get("expires_in").asLong();
        assertTrue(expiresIn > 0 && expiresIn <= 300, "the client's access token lifespan: " + expiresIn);

        JsonNode claims = Json.claims(body.get("access_token").asText());
        assertEquals(ownerId, claims.get("sub").asText());
        assertEquals(key.id(), claims.get("gatehouse_api_key").asText());
        assertEquals("1", claims.get("acr").asText());
        assertEquals(Set.of("it-reader"), strings(claims.path("realm_access").path("roles")),
                "the key's role only: not it-writer, not the default roles the owner also holds");
        assertTrue(claims.path("resource_access").isMissingNode() || claims.get("resource_access").isEmpty(),
                "no client roles (the owner's account roles stay out): " + claims);
        assertEquals(Set.of("email", "phone"), Set.of(claims.get("scope").asText().split(" ")));
        assertEquals(claims.get("scope").asText(), body.get("scope").asText());

        // A resource server that introspects sees the token as issued: the key's role only, and the key.
        JsonNode seen = introspect(body.get("access_token").asText());
        assertTrue(seen.get("active").asBoolean(), seen.toString());
        assertEquals(CLIENT, seen.get("client_id").asText());
        assertEquals(Set.of("it-reader"), strings(seen.path("realm_access").path("roles")), seen.toString());
        assertTrue(seen.path("resource_access").isMissingNode() || seen.get("resource_access").isEmpty(), seen.toString());
        assertEquals(key.id(), seen.path("gatehouse_api_key").asText(), seen.toString());

        // The request may narrow the scopes; Keycloak's event records the use.
        HttpResponse<String> narrowed = c.exchange(key.key(), CLIENT, "phone", Map.of());
        assertEquals(200, narrowed.statusCode(), narrowed.body());
        assertEquals("phone", Json.claims(Json.parse(narrowed.body()).get("access_token").asText()).get("scope").asText());
        EventRepresentation login = awaitEvent("CLIENT_LOGIN", key.id());
        assertEquals(GRANT, login.getDetails().get("grant_type"));
        assertNull(login.getDetails().get("gatehouse_reason"), "a success needs no reason");
        assertEquals(ownerId, login.getUserId());
    }

    @Test
    void theTokenEndsWithTheKey() {
        Key key = issue(Map.of("name", "short", "roles", List.of("it-reader"), "expiryDays", 1));
        clock.offset(24 * 3600 - 60);
        HttpResponse<String> r = caller("127.0.1.2").exchange(key.key(), CLIENT, null, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        long expiresIn = Json.parse(r.body()).get("expires_in").asLong();
        assertTrue(expiresIn <= 60, "capped at the key's expiry, a minute away: " + expiresIn);
    }

    @Test
    void theGrantIsListedInTheRealmsMetadata() {
        HttpResponse<String> wellKnown = caller("127.0.1.3").get(server.baseUrl() + "/realms/demo/.well-known/openid-configuration", Map.of());
        assertTrue(strings(Json.parse(wellKnown.body()).get("grant_types_supported")).contains(GRANT), wellKnown.body());
    }

    // ---------------------------------------------------------------- validation

    @Test
    void validationAnswersWithTheOwnerAndScopesInHeaders() {
        Key key = issue(Map.of("name", "gateway", "roles", List.of("it-reader", "it-writer"), "clientScopes", List.of("email")));
        Caller c = caller("127.0.2.1");
        for (Map<String, String> presented : List.of(Map.of("X-API-Key", key.key()),
                Map.of("Authorization", "ApiKey " + key.key()), Map.of("Authorization", "apikey " + key.key()))) {
            HttpResponse<String> ok = c.validate(presented, "");
            assertEquals(200, ok.statusCode(), presented.keySet() + " " + ok.body());
            assertEquals(key.id(), header(ok, "Gatehouse-Key-Id"));
            assertEquals(ownerId, header(ok, "Gatehouse-Owner-Id"));
            assertEquals(OWNER, header(ok, "Gatehouse-Owner"));
            assertEquals(Set.of("it-reader", "it-writer"), Set.of(header(ok, "Gatehouse-Roles").split(",")));
            assertEquals("email", header(ok, "Gatehouse-Scopes"));
            assertTrue(ok.headers().firstValue("Gatehouse-Client-Id").isEmpty(), "a user's key names no client");
            assertEquals("no-store", header(ok, "Cache-Control"));
        }
        assertEquals(200, c.validate(Map.of("X-API-Key", key.key()), "?role=it-reader&role=it-writer&scope=email").statusCode());
        assertEquals(200, c.post(server.baseUrl() + KEYS + "/validate", Map.of("X-API-Key", key.key())).statusCode());

        JsonNode use = awaitUse(key.id(), null);
        assertEquals("validate", use.path("details").path("via").asText());
        assertEquals(OWNER, use.path("details").path("owner").asText());
        assertEquals("127.0.2.1", use.path("details").path("ip").asText());
        assertFalse(records("GATEHOUSE_API_KEY_USE").toString().contains(key.key()), "the key is never recorded");
    }

    @Test
    void aServiceAccountsKeyNamesItsClient() {
        ClientRepresentation sa = new ClientRepresentation();
        sa.setClientId("it-service");
        sa.setPublicClient(false);
        sa.setSecret("it-service-secret");
        sa.setServiceAccountsEnabled(true);
        sa.setStandardFlowEnabled(false);
        realm.clients().create(sa).close();
        String clientUuid = realm.clients().findByClientId("it-service").get(0).getId();
        UserRepresentation saUser = realm.clients().get(clientUuid).getServiceAccountUser();
        Key key = issue(saUser.getId(), Map.of("name", "robot", "roles", List.of()));
        HttpResponse<String> ok = caller("127.0.2.2").validate(Map.of("X-API-Key", key.key()), "");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("it-service", header(ok, "Gatehouse-Client-Id"));
        assertEquals(saUser.getId(), header(ok, "Gatehouse-Owner-Id"));
        assertEquals("", ok.headers().firstValue("Gatehouse-Roles").orElse(""), "empty roles are no roles, not all");
    }

    // ---------------------------------------------------------------- refusals, each on both endpoints

    @Test
    void malformedKeysAreRefusedBeforeAnyLookup() {
        Key key = issue(Map.of("name", "typo", "roles", List.of("it-reader")));
        String k = key.key();
        char last = k.charAt(k.length() - 1);
        String typo = k.substring(0, k.length() - 1) + (last == 'a' ? 'b' : 'a');
        Caller c = caller("127.0.3.1");
        assertRefusedBoth(c, typo, Map.of(), "malformed", 401);
        // A key in the query is never read.
        HttpResponse<String> query = c.validate(Map.of(), "?api_key=" + k + "&X-API-Key=" + k);
        assertRefused(query, "malformed", 401);
        // No key at all.
        assertRefused(c.validate(Map.of(), ""), "malformed", 401);
    }

    @Test
    void unknownKeysAreRefused() {
        Key key = issue(Map.of("name", "real", "roles", List.of("it-reader")));
        String body = key.key().substring(0, key.key().lastIndexOf('_'));
        String unknown = withChecksum(body.substring(0, body.length() - 1) + (body.endsWith("Z") ? "Y" : "Z"));
        assertRefusedBoth(caller("127.0.3.2"), unknown, Map.of(), "unknown", 401);
    }

    @Test
    void expiredKeysAreRefused() {
        Key key = issue(Map.of("name", "old", "roles", List.of("it-reader"), "expiryDays", 1));
        clock.offset(24 * 3600 + 60);
        assertRefusedBoth(caller("127.0.3.3"), key.key(), Map.of(), "expired", 401);
    }

    @Test
    void revokedKeysAreRefusedWithinOneCacheTtl() throws Exception {
        Key key = issue(Map.of("name", "to-revoke", "roles", List.of("it-reader")));
        Caller c = caller("127.0.3.4");
        assertEquals(200, c.validate(Map.of("X-API-Key", key.key()), "").statusCode(), "used, so cached");
        assertEquals(204, admin.call("DELETE", KEYS + "/keys/" + key.id(), null).statusCode());
        long revokedAt = System.nanoTime();
        HttpResponse<String> r;
        do {
            r = c.validate(Map.of("X-API-Key", key.key()), "");
            if (r.statusCode() == 200) {
                Thread.sleep(100);
            }
        } while (r.statusCode() == 200 && System.nanoTime() - revokedAt < Duration.ofSeconds(CACHE_SECONDS + 5).toNanos());
        long tookMillis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertRefused(r, "revoked", 401);
        assertTrue(tookMillis <= CACHE_SECONDS * 1000L + 1000, "refused within one cache TTL: " + tookMillis + " ms");
        assertRefused(c.exchange(key.key(), CLIENT, null, Map.of()), "invalid_grant", "revoked", 401);
        awaitLoginError(key.id(), "revoked");
    }

    @Test
    void removingTheCredentialInTheAdminConsoleRevokesAtOnce() {
        Key key = issue(Map.of("name", "console", "roles", List.of("it-reader")));
        Caller c = caller("127.0.3.5");
        assertEquals(200, c.validate(Map.of("X-API-Key", key.key()), "").statusCode(), "used, so cached");
        UserResource user = realm.users().get(ownerId);
        CredentialRepresentation credential = user.credentials().stream()
                .filter(cr -> "gatehouse-api-key".equals(cr.getType()) && cr.getUserLabel() != null
                        && cr.getUserLabel().startsWith("console ")).findFirst().orElseThrow();
        user.removeCredential(credential.getId());
        assertRefusedBoth(c, key.key(), Map.of(), "revoked", 401);
    }

    @Test
    void disabledOwnersKeysAreRefused() {
        Accounts.create(realm, PartialImportRepresentation.Policy.SKIP,
                List.of(Accounts.user("key-leaver", "key-leaver@example.com", true, Accounts.password("Passw0rd-it"))));
        String leaver = Accounts.id(realm, "key-leaver");
        Key key = issue(leaver, Map.of("name", "leaver", "roles", List.of()));
        Caller c = caller("127.0.3.6");
        assertEquals(200, c.validate(Map.of("X-API-Key", key.key()), "").statusCode());
        UserRepresentation rep = realm.users().get(leaver).toRepresentation();
        rep.setEnabled(false);
        realm.users().get(leaver).update(rep);
        assertRefusedBoth(c, key.key(), Map.of(), "owner_disabled", 401);
    }

    @Test
    void addressesOutsideTheAllowlistAreRefused() {
        Key key = issue(Map.of("name", "office", "roles", List.of("it-reader"), "allowedCidrs", List.of("10.0.0.0/8", "127.0.4.0/24")));
        assertEquals(200, caller("127.0.4.7").validate(Map.of("X-API-Key", key.key()), "").statusCode(), "inside");
        assertRefusedBoth(caller("127.0.3.7"), key.key(), Map.of(), "ip_refused", 403);
    }

    @Test
    void missingContextHeadersAreRefusedAndPresentOnesRecorded() {
        Key key = issue(Map.of("name", "vendor", "roles", List.of("it-reader"),
                "requiredHeaders", List.of("X-Actor-User-Id", "X-Ticket-Reference")));
        Caller c = caller("127.0.3.8");
        assertRefusedBoth(c, key.key(), Map.of("X-Actor-User-Id", "agent-7"), "context_missing", 403);
        assertRefusedBoth(c, key.key(), Map.of("X-Actor-User-Id", "agent-7", "X-Ticket-Reference", "  "), "context_missing", 403);

        Map<String, String> context = Map.of("X-Actor-User-Id", "agent-7", "X-Ticket-Reference", "T-" + "9".repeat(150));
        Map<String, String> withKey = new LinkedHashMap<>(context);
        withKey.put("X-API-Key", key.key());
        assertEquals(200, c.validate(withKey, "").statusCode());
        JsonNode use = awaitUse(key.id(), null);
        assertEquals("agent-7", use.path("details").path("ctx_x-actor-user-id").asText());
        assertEquals(100, use.path("details").path("ctx_x-ticket-reference").asText().length(), "capped at 100");

        assertEquals(200, c.exchange(key.key(), CLIENT, null, context).statusCode());
        EventRepresentation login = awaitEvent("CLIENT_LOGIN", key.id());
        assertEquals("agent-7", login.getDetails().get("gatehouse_ctx_x-actor-user-id"));
    }

    @Test
    void rolesAndScopesNotTheKeysAreRefused() {
        Key key = issue(Map.of("name", "narrow", "roles", List.of("it-reader"), "clientScopes", List.of("email")));
        Caller c = caller("127.0.3.9");
        // The owner holds it-writer, the key doesn't: a gateway asking for it is refused.
        assertRefused(c.validate(Map.of("X-API-Key", key.key()), "?role=it-writer"), "out_of_scope", 403);
        assertRefused(c.validate(Map.of("X-API-Key", key.key()), "?role=it-reader&scope=phone"), "out_of_scope", 403);
        // A client asking for a scope the key lacks (though the client and the owner have it) is refused.
        assertRefused(c.exchange(key.key(), CLIENT, "phone", Map.of()), "invalid_scope", "out_of_scope", 403);
        awaitLoginError(key.id(), "out_of_scope");
        awaitUse(key.id(), "out_of_scope");
    }

    @Test
    void clientsNotAllowedToExchangeAreRefused() {
        Key key = issue(Map.of("name", "elsewhere", "roles", List.of("it-reader")));
        assertRefused(caller("127.0.3.10").exchange(key.key(), OTHER_CLIENT, null, Map.of()),
                "unauthorized_client", "client_not_allowed", 403);
        EventRepresentation error = awaitEvent("CLIENT_LOGIN_ERROR", null, "client_not_allowed");
        assertEquals(GRANT, error.getDetails().get("grant_type"));
    }

    @Test
    void aKeyOverItsRateIsRefusedWithRetryAfter() {
        int limit = 3;
        Key key = issue(Map.of("name", "busy", "roles", List.of("it-reader"), "rateLimitPerMinute", limit));
        Caller c = caller("127.0.3.11");
        int accepted = 0;
        HttpResponse<String> r;
        // A minute boundary between the calls resets the count once at most.
        while ((r = c.validate(Map.of("X-API-Key", key.key()), "")).statusCode() == 200 && accepted <= 2 * limit) {
            accepted++;
        }
        assertTrue(accepted >= limit && accepted <= 2 * limit, "accepted " + accepted);
        assertRefused(r, "rate_limited", 429);
        long wait = Long.parseLong(header(r, "Retry-After"));
        assertTrue(wait >= 1 && wait <= 60, "wait " + wait);
        HttpResponse<String> exchanged = c.exchange(key.key(), CLIENT, null, Map.of());
        if (exchanged.statusCode() != 200) {
            assertRefused(exchanged, "temporarily_unavailable", "rate_limited", 429);
            assertTrue(exchanged.headers().firstValue("Retry-After").isPresent());
        }
    }

    @Test
    void anUnresolvableHashSecretMakesKeysUnavailable() {
        Key key = issue(Map.of("name", "pepper", "roles", List.of("it-reader")));
        settings(Map.of("hashSecret", "${vault.gatehouse-it-no-such-secret}"));
        try {
            assertRefusedBoth(caller("127.0.3.12"), key.key(), Map.of(), "unavailable", 503);
        } finally {
            settings(Map.of("hashSecret", ""));
        }
        assertEquals(200, caller("127.0.3.12").validate(Map.of("X-API-Key", key.key()), "").statusCode(),
                "the realm's keys again");
    }

    // ---------------------------------------------------------------- attacks

    @Test
    void bruteForceAgainstValidationIsThrottledByAddress() {
        Key key = issue(Map.of("name", "victim", "roles", List.of("it-reader")));
        Caller attacker = caller("127.0.5.1");
        for (int i = 0; i < IP_BUDGET; i++) {
            HttpResponse<String> guess = attacker.validate(Map.of("X-API-Key", guess(key.key(), i)), "");
            assertRefused(guess, "unknown", 401);
        }
        // Now even the right key is not looked at from this address, on either endpoint.
        HttpResponse<String> throttled = attacker.validate(Map.of("X-API-Key", key.key()), "");
        assertRefused(throttled, "ip_throttled", 429);
        long wait = Long.parseLong(header(throttled, "Retry-After"));
        assertTrue(wait >= 1 && wait <= 5 * 60, "within the window: " + wait);
        assertRefused(attacker.exchange(key.key(), CLIENT, null, Map.of()), "temporarily_unavailable", "ip_throttled", 429);
        // Further throttled requests are answered but not each recorded: one record per address and window.
        for (int i = 0; i < 10; i++) {
            assertRefused(attacker.validate(Map.of("X-API-Key", guess(key.key(), 100 + i)), ""), "ip_throttled", 429);
        }
        awaitUseFrom("127.0.5.1", "ip_throttled");
        sleep(500);
        long throttledRecords = 0;
        for (JsonNode r : records("GATEHOUSE_API_KEY_USE")) {
            if ("127.0.5.1".equals(r.path("details").path("ip").asText())
                    && "ip_throttled".equals(r.path("details").path("reason").asText())) {
                throttledRecords++;
            }
        }
        assertEquals(1, throttledRecords, "one record of the throttled address, not one per request");
        // Another address is unaffected.
        assertEquals(200, caller("127.0.5.2").validate(Map.of("X-API-Key", key.key()), "").statusCode());
        // Two windows later the address may try again.
        clock.offset(11 * 60);
        assertEquals(200, attacker.validate(Map.of("X-API-Key", key.key()), "").statusCode());
    }

    @Test
    void aKeyNeverCarriesMoreThanItsOwnerHolds() {
        // Creation: a role the owner doesn't hold is refused.
        HttpResponse<String> refused = admin.call("POST", KEYS + "/users/" + ownerId + "/keys",
                Map.of("name", "greedy", "roles", List.of("admin")));
        assertEquals(400, refused.statusCode(), refused.body());
        HttpResponse<String> refusedScope = admin.call("POST", KEYS + "/users/" + ownerId + "/keys",
                Map.of("name", "greedy", "roles", List.of(), "clientScopes", List.of("no-such-scope")));
        assertEquals(400, refusedScope.statusCode(), refusedScope.body());

        // Use: a role the owner loses is lost for the key on both endpoints.
        Key key = issue(Map.of("name", "shrinking", "roles", List.of("it-reader", "it-lost")));
        Caller c = caller("127.0.5.3");
        assertEquals(200, c.validate(Map.of("X-API-Key", key.key()), "?role=it-lost").statusCode());
        realm.users().get(ownerId).roles().realmLevel().remove(List.of(realm.roles().get("it-lost").toRepresentation()));
        // The token is at once without it: Keycloak intersects the key's roles with the owner's current ones.
        HttpResponse<String> atOnce = c.exchange(key.key(), CLIENT, null, Map.of());
        assertEquals(Set.of("it-reader"),
                strings(Json.claims(Json.parse(atOnce.body()).get("access_token").asText()).path("realm_access").path("roles")));
        // The validation endpoint reads the owner's roles once per cache lifetime: refused within one.
        long removedAt = System.nanoTime();
        HttpResponse<String> lost;
        while ((lost = c.validate(Map.of("X-API-Key", key.key()), "?role=it-lost")).statusCode() == 200
                && System.nanoTime() - removedAt < Duration.ofSeconds(CACHE_SECONDS + 5).toNanos()) {
            sleep(100);
        }
        assertRefused(lost, "out_of_scope", 403);
        assertTrue((System.nanoTime() - removedAt) / 1_000_000 <= CACHE_SECONDS * 1000L + 1000, "within one cache TTL");
        HttpResponse<String> ok = c.validate(Map.of("X-API-Key", key.key()), "");
        assertEquals("it-reader", header(ok, "Gatehouse-Roles"));
        HttpResponse<String> token = c.exchange(key.key(), CLIENT, null, Map.of());
        assertEquals(Set.of("it-reader"),
                strings(Json.claims(Json.parse(token.body()).get("access_token").asText()).path("realm_access").path("roles")));

        // The token is refused at Keycloak's own APIs, which would judge it by the owner's roles rather than the
        // key's: the owner may view users in the admin console, the key's token may not.
        String bearer = Json.parse(token.body()).get("access_token").asText();
        for (String path : List.of("/admin/realms/demo/users?max=1", "/realms/demo/account/?userProfileMetadata=false",
                KEYS + "/keys")) {
            HttpResponse<String> api = c.get(server.baseUrl() + path, Map.of("Authorization", "Bearer " + bearer,
                    "Accept", "application/json"));
            assertTrue(api.statusCode() == 401 || api.statusCode() == 403, path + " -> " + api.statusCode() + " " + api.body());
        }

        // A key with no roles gets a token with no roles, not all of the owner's.
        Key none = issue(Map.of("name", "nothing", "roles", List.of()));
        JsonNode claims = Json.claims(Json.parse(c.exchange(none.key(), CLIENT, null, Map.of()).body()).get("access_token").asText());
        assertTrue(claims.path("realm_access").path("roles").isMissingNode() || claims.path("realm_access").path("roles").isEmpty(),
                claims.toString());
        // Asking for offline access gets no refresh token.
        HttpResponse<String> offline = c.exchange(key.key(), CLIENT, "offline_access", Map.of());
        assertTrue(offline.statusCode() != 200 || Json.parse(offline.body()).path("refresh_token").isMissingNode(), offline.body());
    }

    @Test
    void afterARotationBothKeysWorkForTheOverlapThenOnlyTheNewOne() {
        Key old = issue(Map.of("name", "rotating", "roles", List.of("it-reader")));
        Caller c = caller("127.0.5.4");
        assertEquals(200, c.validate(Map.of("X-API-Key", old.key()), "").statusCode(), "used, so cached");
        HttpResponse<String> rotated = admin.call("POST", KEYS + "/keys/" + old.id() + "/rotate", null);
        assertTrue(rotated.statusCode() == 200 || rotated.statusCode() == 201, rotated.body());
        Key fresh = Key.of(Json.parse(rotated.body()));
        assertFalse(fresh.key().equals(old.key()));
        assertEquals(200, c.validate(Map.of("X-API-Key", old.key()), "").statusCode(), "old key in the overlap");
        assertEquals(200, c.validate(Map.of("X-API-Key", fresh.key()), "").statusCode(), "new key");

        clock.offset(OVERLAP_HOURS * 3600 - 120);
        assertEquals(200, c.validate(Map.of("X-API-Key", old.key()), "").statusCode(), "old key near the overlap's end");
        clock.offset(OVERLAP_HOURS * 3600 + 60);
        assertEquals(200, c.validate(Map.of("X-API-Key", fresh.key()), "").statusCode());
        assertEquals(200, c.exchange(fresh.key(), CLIENT, null, Map.of()).statusCode());
        assertRefusedBoth(c, old.key(), Map.of(), "expired", 401);
    }

    @Test
    void aKeysTokenCannotBeExchangedForAnotherToken() {
        // A confidential client with Keycloak's standard token exchange on, allowed to exchange keys, in the audience.
        ClientRepresentation te = new ClientRepresentation();
        te.setClientId("it-token-exchanger");
        te.setPublicClient(false);
        te.setSecret("it-token-exchanger-secret");
        te.setStandardFlowEnabled(false);
        te.setAttributes(Map.of("standard.token.exchange.enabled", "true"));
        realm.clients().create(te).close();
        settings(Map.of("exchangeClients", CLIENT + "##it-token-exchanger"));
        try {
            Key key = issue(Map.of("name", "no-exchange", "roles", List.of()));
            Caller c = caller("127.0.5.5");
            HttpResponse<String> token = c.form(oidc() + "/token", Map.of("grant_type", GRANT, "api_key", key.key(),
                    "client_id", "it-token-exchanger", "client_secret", "it-token-exchanger-secret"), Map.of());
            assertEquals(200, token.statusCode(), token.body());
            HttpResponse<String> exchanged = c.form(oidc() + "/token", Map.of(
                    "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                    "subject_token", Json.parse(token.body()).get("access_token").asText(),
                    "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                    "client_id", "it-token-exchanger", "client_secret", "it-token-exchanger-secret"), Map.of());
            assertEquals(400, exchanged.statusCode(), exchanged.body());
            assertEquals("invalid_request", Json.parse(exchanged.body()).get("error").asText(), exchanged.body());
        } finally {
            settings(Map.of("exchangeClients", CLIENT));
        }
    }

    @Test
    void aDisabledRealmAnswersNoKey() {
        Key key = issue(Map.of("name", "incident", "roles", List.of("it-reader")));
        Caller c = caller("127.0.5.6");
        org.keycloak.representations.idm.RealmRepresentation rep = realm.toRepresentation();
        rep.setEnabled(false);
        realm.update(rep);
        try {
            HttpResponse<String> r = c.validate(Map.of("X-API-Key", key.key()), "");
            assertEquals(403, r.statusCode(), r.body());
            assertEquals("realm_disabled", Json.parse(r.body()).get("error").asText());
            assertEquals(403, c.exchange(key.key(), CLIENT, null, Map.of()).statusCode());
        } finally {
            rep.setEnabled(true);
            realm.update(rep);
        }
        assertEquals(200, c.validate(Map.of("X-API-Key", key.key()), "").statusCode());
    }

    // ---------------------------------------------------------------- helpers

    record Key(String id, String key) {
        static Key of(JsonNode answer) {
            return new Key(answer.get("id").asText(), answer.get("key").asText());
        }
    }

    static Key issue(Map<String, Object> spec) {
        return issue(ownerId, spec);
    }

    static Key issue(String userId, Map<String, Object> spec) {
        HttpResponse<String> r = admin.call("POST", KEYS + "/users/" + userId + "/keys", spec);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, "issuing " + spec + ": " + r.statusCode() + " " + r.body());
        return Key.of(Json.parse(r.body()));
    }

    /** Sets realm options, keeping the others. */
    static void settings(Map<String, String> options) {
        HttpResponse<String> current = admin.call("GET", ACTION_CONFIG, null);
        Map<String, String> config = new LinkedHashMap<>();
        if (current.statusCode() == 200) {
            Json.parse(current.body()).path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        }
        config.putAll(options);
        HttpResponse<String> put = admin.call("PUT", ACTION_CONFIG, Map.of("config", config));
        assertEquals(204, put.statusCode(), "realm options: " + put.body());
    }

    static void publicClient(String clientId) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setPublicClient(true);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        realm.clients().create(c).close();
    }

    /**
     * Refused the same way on the validation endpoint and at the token endpoint, each with its event. Puts the
     * server's clock back to real time.
     */
    static void assertRefusedBoth(Caller c, String key, Map<String, String> context, String code, int status) {
        Map<String, String> headers = new LinkedHashMap<>(context);
        headers.put("X-API-Key", key);
        assertRefused(c.validate(headers, ""), code, status);
        String oauth = switch (code) {
            case "ip_refused", "context_missing" -> "access_denied";
            case "unavailable", "rate_limited", "ip_throttled" -> "temporarily_unavailable";
            default -> "invalid_grant";
        };
        assertRefused(c.exchange(key, CLIENT, null, context), oauth, code, status);
        // The admin client's token is from real time: the records are read in it.
        clock.offset(0);
        awaitEvent("CLIENT_LOGIN_ERROR", null, code, c.address);
        awaitUseFrom(c.address, code);
    }

    static void assertRefused(HttpResponse<String> r, String code, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, Json.parse(r.body()).get("error").asText(), r.body());
        assertEquals("no-store", header(r, "Cache-Control"));
        if (status == 401) {
            assertEquals("ApiKey realm=\"demo\"", header(r, "WWW-Authenticate"));
        }
        if (status == 429) {
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        }
    }

    /** A token endpoint refusal: the refusal's status, an OAuth error and the refusal's code as its description. */
    static void assertRefused(HttpResponse<String> r, String oauthError, String code, int status) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = Json.parse(r.body());
        assertEquals(oauthError, body.get("error").asText(), r.body());
        assertEquals(code, body.get("error_description").asText(), r.body());
    }

    static JsonNode introspect(String token) {
        Map<String, String> form = Map.of("client_id", RESOURCE_SERVER, "client_secret", RS_SECRET, "token", token);
        HttpResponse<String> r = caller("127.0.9.1").form(oidc() + "/token/introspect", form, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    static JsonNode records(String type) {
        return admin.get("/realms/demo/gatehouse-audit/records?type=" + type + "&max=1000");
    }

    /** The newest GATEHOUSE_API_KEY_USE record of a key with this error (null: a success); polls briefly. */
    static JsonNode awaitUse(String keyId, String error) {
        return awaitRecord(d -> keyId.equals(d.path("key_id").asText()), error);
    }

    static JsonNode awaitUseFrom(String ip, String error) {
        return awaitRecord(d -> ip.equals(d.path("ip").asText()), error);
    }

    static JsonNode awaitRecord(java.util.function.Predicate<JsonNode> details, String error) {
        List<JsonNode> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            seen.clear();
            records("GATEHOUSE_API_KEY_USE").forEach(seen::add);
            for (JsonNode r : seen) {
                // A success has no reason; a refusal's reason is its code.
                JsonNode reason = r.path("details").path("reason");
                if (details.test(r.path("details")) && (error == null ? reason.isMissingNode() : error.equals(reason.asText()))) {
                    return r;
                }
            }
            sleep(200);
        }
        throw new AssertionError("no GATEHOUSE_API_KEY_USE record with reason " + error + " among " + seen);
    }

    static EventRepresentation awaitEvent(String type, String keyId) {
        return awaitEvent(type, keyId, null, null);
    }

    static EventRepresentation awaitEvent(String type, String keyId, String error) {
        return awaitEvent(type, keyId, error, null);
    }

    static EventRepresentation awaitLoginError(String keyId, String error) {
        return awaitEvent("CLIENT_LOGIN_ERROR", keyId, error, null);
    }

    /** A Keycloak event of the API key grant matching what is given (null: any). */
    static EventRepresentation awaitEvent(String type, String keyId, String error, String ip) {
        for (int i = 0; i < 50; i++) {
            for (EventRepresentation e : realm.getEvents(List.of(type), null, null, null, null, ip, 0, 200)) {
                Map<String, String> d = e.getDetails() == null ? Map.of() : e.getDetails();
                if (GRANT.equals(d.get("grant_type")) && (keyId == null || keyId.equals(d.get("gatehouse_api_key")))
                        && (error == null || error.equals(e.getError()))) {
                    if (error != null) {
                        assertEquals(error, d.get("gatehouse_reason"));
                    }
                    return e;
                }
            }
            sleep(200);
        }
        throw new AssertionError("no " + type + " event of key " + keyId + " with error " + error + " from " + ip);
    }

    static String guess(String key, int i) {
        String body = key.substring(0, key.lastIndexOf('_'));
        return withChecksum(body.substring(0, body.length() - 4) + String.format(java.util.Locale.ROOT, "%04d", i));
    }

    /** A well-formed key (valid checksum) for this body. */
    static String withChecksum(String body) {
        return body + "_" + dev.gatehouse.authenticators.apikey.ApiKeyFormat.checksum(body);
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name + ": " + r.headers().map()));
    }

    static String oidc() {
        return server.baseUrl() + "/realms/demo/protocol/openid-connect";
    }

    static Caller caller(String address) {
        return new Caller(address);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HTTP from one loopback address, so that the server's per-address budget sees it as a client of its own. */
    static final class Caller {
        final String address;
        final HttpClient http;

        Caller(String address) {
            this.address = address;
            try {
                this.http = HttpClient.newBuilder().localAddress(InetAddress.getByName(address))
                        .connectTimeout(Duration.ofSeconds(5)).build();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> validate(Map<String, String> headers, String query) {
            return get(server.baseUrl() + KEYS + "/validate" + query, headers);
        }

        HttpResponse<String> exchange(String key, String clientId, String scope, Map<String, String> headers) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", GRANT);
            form.put("client_id", clientId);
            form.put("api_key", key);
            if (scope != null) {
                form.put("scope", scope);
            }
            return form(oidc() + "/token", form, headers);
        }

        HttpResponse<String> get(String url, Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
            headers.forEach(b::header);
            return send(b);
        }

        HttpResponse<String> post(String url, Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
            headers.forEach(b::header);
            return send(b);
        }

        HttpResponse<String> form(String url, Map<String, String> form, Map<String, String> headers) {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(AdminApi.enc(k)).append('=').append(AdminApi.enc(v)));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            headers.forEach(b::header);
            return send(b);
        }

        private HttpResponse<String> send(HttpRequest.Builder b) {
            try {
                return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
