package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.DemoServer;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.TestClock;

/**
 * Managing API keys on the demo stack (docs/api-keys.md, "Account console" and "Admin console and REST"): the key
 * is shown once, the account REST API for scripts, the admin REST API for users and service accounts, keys never
 * carry more than their owner holds, and bob creating and removing a key in the account console (Chromium).
 */
class ApiKeyManagementIT {

    static final Pattern KEY = Pattern.compile("gatehouse_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}");
    static final String ACTION = "gatehouse-api-key";
    static final String CREATE_FORM = "gatehouse-api-key-form";
    static final String CREATED_FORM = "gatehouse-api-key-created-form";

    static DemoServer demo;
    static KeycloakNode server;
    static RealmResource realm;
    static AdminApi admin;
    static TestClock clock;
    static final List<String> shownKeys = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        demo = DemoServer.shared();
        server = demo.node();
        clock = new TestClock(server.baseUrl());
        realm = server.adminClient().realm("demo");
        admin = server.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo == null) {
            return;
        }
        try {
            List<String> leaks = Files.readAllLines(server.logFile()).stream()
                    .filter(line -> shownKeys.stream().anyMatch(k -> line.contains(k) || line.contains(k.substring(20))))
                    .toList();
            assertTrue(leaks.isEmpty(), "the server log holds API keys:\n" + String.join("\n", leaks));
        } finally {
            demo.close();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** A password-only user of the demo realm with Keycloak's default roles and the demo role reports-reader. */
    static String user(String username) {
        Accounts.create(realm, PartialImportRepresentation.Policy.SKIP,
                List.of(Accounts.user(username, username + "@example.com", true, Accounts.password(username))));
        String id = Accounts.id(realm, username);
        realm.users().get(id).roles().realmLevel().add(List.of(
                realm.roles().get("default-roles-demo").toRepresentation(), realm.roles().get("reports-reader").toRepresentation()));
        return id;
    }

    static String key(String text) {
        Matcher m = KEY.matcher(text);
        assertTrue(m.find(), "a key in: " + text.substring(0, Math.min(2000, text.length())));
        String key = m.group();
        shownKeys.add(key);
        return key;
    }

    static HttpResponse<String> account(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/demo/gatehouse-api-keys/keys" + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> newKey(String name, List<String> roles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("roles", roles);
        return body;
    }

    static String token(String username) {
        return new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", username, username).accessToken();
    }

    static JsonNode listed(String userId) {
        return admin.get("/realms/demo/gatehouse-api-keys/keys?owner=" + userId);
    }

    static JsonNode byId(JsonNode keys, String id) {
        for (JsonNode k : keys) {
            if (id.equals(k.get("id").asText())) {
                return k;
            }
        }
        throw new AssertionError("no key " + id + " in " + keys);
    }

    // ---- the required action, at HTTP level ----------------------------------------------------------------

    @Test
    void theKeyIsShownOnceNeverCachedAndNeverAgain() throws Exception {
        String id = user("keys-ada");
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", "kc_action=" + ACTION);
        OidcBrowser.Page form = browser.follow(browser.submit(auth.formAction(),
                Map.of("username", "keys-ada", "password", "keys-ada", "credentialId", "")));
        assertTrue(form.hasForm(CREATE_FORM), "the creation page: " + form.message());
        assertTrue(form.body().contains("value=\"reports-reader\""), "the roles ada holds are offered");
        assertFalse(form.body().contains("value=\"admin\""), "and only those");

        // a role ada does not hold, sent by hand, is refused and nothing is created
        OidcBrowser.Page refused = browser.submit(form.formAction(CREATE_FORM),
                Map.of("name", "<b>forged</b>", "role", "realm-management.manage-users", "days", "30", "create", "true"));
        assertTrue(refused.hasForm(CREATE_FORM), refused.message());
        assertTrue(refused.message().contains("Choose only roles"), refused.message());
        assertFalse(refused.body().contains("<b>forged</b>") || refused.body().contains("&lt;b&gt;forged"), "the input is not shown back");
        assertEquals(0, listed(id).size(), "nothing created");

        OidcBrowser.Page created = browser.submit(refused.formAction(CREATE_FORM),
                Map.of("name", "nightly report", "role", "reports-reader", "days", "30", "create", "true"));
        assertTrue(created.hasForm(CREATED_FORM), created.message());
        String key = key(created.body());
        String cache = String.join(",", created.response().headers().allValues("Cache-Control"));
        assertTrue(cache.contains("no-store"), "Cache-Control: " + cache);

        JsonNode keys = listed(id);
        assertEquals(1, keys.size(), keys.toString());
        JsonNode k = keys.get(0);
        assertEquals("nightly report", k.get("name").asText());
        assertEquals(key.substring(0, "gatehouse_".length() + 6), k.get("displayPrefix").asText());
        assertEquals(List.of("reports-reader"), texts(k.get("roles")));
        assertEquals("active", k.get("status").asText());
        assertFalse(keys.toString().contains(key.substring(10, 40)), "the admin REST never shows the key");
        long days = (k.get("expiresAt").asLong() - k.get("createdAt").asLong()) / 86_400_000L;
        assertEquals(30, days, "valid for the days asked");

        // the same page again (a reload), or a second post: the key is not there any more, and no second key is made
        OidcBrowser.Page again = browser.submit(created.formAction(CREATED_FORM),
                Map.of("name", "twice", "role", "reports-reader", "days", "30", "create", "true"));
        assertFalse(KEY.matcher(again.body()).find(), "never shown twice");
        assertEquals(1, listed(id).size(), "a second post creates nothing");

        // the credential carries the label and no secret
        List<CredentialRepresentation> credentials = realm.users().get(id).credentials().stream()
                .filter(c -> ACTION.equals(c.getType())).toList();
        assertEquals(1, credentials.size());
        assertEquals("nightly report (" + k.get("displayPrefix").asText() + "…)", credentials.get(0).getUserLabel());
        assertFalse(Json.write(credentials.get(0)).contains(key.substring(10, 40)));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- account REST ---------------------------------------------------------------------------------------

    @Test
    void scriptsManageTheirKeysThroughTheAccountRestApi() throws Exception {
        user("keys-ben");
        String token = token("keys-ben");
        assertEquals(401, account("GET", "", null, null).statusCode(), "no token");
        assertEquals(401, account("GET", "", "not-a-token", null).statusCode(), "a bad token");

        HttpResponse<String> created = account("POST", "", token, newKey("deploy bot", List.of("reports-reader")));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        JsonNode c = Json.parse(created.body());
        String key = key(c.get("key").asText());
        String id = c.get("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/keys/" + id));

        HttpResponse<String> list = account("GET", "", token, null);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(1, Json.parse(list.body()).size());
        assertFalse(list.body().contains(key.substring(10, 40)), "listed without the key");
        assertFalse(list.body().contains("\"key\""), list.body());

        // more than the owner holds: 400 naming it, nothing created
        HttpResponse<String> escalation = account("POST", "", token, newKey("too much", List.of("realm-management.manage-users")));
        assertEquals(400, escalation.statusCode(), escalation.body());
        assertTrue(escalation.body().contains("realm-management.manage-users"), escalation.body());
        HttpResponse<String> unknownScope = account("POST", "", token,
                Map.of("name", "scoped", "roles", List.of(), "clientScopes", List.of("no-such-scope")));
        assertEquals(400, unknownScope.statusCode(), unknownScope.body());
        assertTrue(unknownScope.body().contains("no-such-scope"), unknownScope.body());
        assertEquals(400, account("POST", "", token, Map.of("name", "", "roles", List.of())).statusCode(), "a name is needed");
        assertEquals(400, account("POST", "", token, "{not json").statusCode(), "unreadable body");
        assertEquals(400, account("POST", "", token, Map.of("name", "long", "expiryDays", 100_000)).statusCode(),
                "beyond the realm's maximum");
        assertEquals(1, Json.parse(account("GET", "", token, null).body()).size(), "nothing more created");

        HttpResponse<String> rotated = account("POST", "/" + id + "/rotate", token, null);
        assertEquals(201, rotated.statusCode(), rotated.body());
        JsonNode r = Json.parse(rotated.body());
        String newKey = key(r.get("key").asText());
        assertNotEquals(key, newKey);
        assertEquals(id, r.get("rotatedFrom").asText());
        assertEquals("deploy bot", r.get("name").asText());

        HttpResponse<String> usage = account("GET", "/" + id + "/usage", token, null);
        assertEquals(200, usage.statusCode(), usage.body());
        assertEquals(id, Json.parse(usage.body()).get("keyId").asText());

        // another user's key is as unknown as a made-up id
        user("keys-cid");
        String other = token("keys-cid");
        assertEquals(404, account("DELETE", "/" + id, other, null).statusCode());
        assertEquals(404, account("GET", "/" + id + "/usage", other, null).statusCode());
        assertEquals(404, account("POST", "/" + id + "/rotate", other, null).statusCode());
        assertEquals(404, account("DELETE", "/no-such-key", token, null).statusCode());

        assertEquals(204, account("DELETE", "/" + id, token, null).statusCode());
        JsonNode after = Json.parse(account("GET", "", token, null).body());
        assertEquals("revoked", byId(after, id).get("status").asText());
        assertEquals("active", byId(after, r.get("id").asText()).get("status").asText());
    }

    @Test
    void aTokenWithoutManageAccountCannotManageKeys() throws Exception {
        String id = user("keys-dan");
        // only the default roles' view-profile: remove manage-account through a user without the default role
        realm.users().get(id).roles().realmLevel().remove(List.of(realm.roles().get("default-roles-demo").toRepresentation()));
        String accountClient = realm.clients().findByClientId("account").get(0).getId();
        RoleRepresentation viewProfile = realm.clients().get(accountClient).roles().get("view-profile").toRepresentation();
        realm.users().get(id).roles().clientLevel(accountClient).add(List.of(viewProfile));
        String token = token("keys-dan");
        assertEquals(403, account("GET", "", token, null).statusCode());
        assertEquals(403, account("POST", "", token, newKey("x", List.of())).statusCode());
    }

    @Test
    void aKeyCannotMintKeysEvenWhenItCarriesManageAccount() throws Exception {
        user("keys-fay");
        String token = token("keys-fay");
        HttpResponse<String> created = account("POST", "", token, newKey("key maker", List.of("account.manage-account")));
        assertEquals(201, created.statusCode(), created.body());
        String key = key(Json.parse(created.body()).get("key").asText());
        HttpResponse<String> exchanged = new OidcBrowser("gatehouse-api-keys").post(
                server.baseUrl() + "/realms/demo/protocol/openid-connect/token",
                Map.of("grant_type", "urn:gatehouse:params:oauth:grant-type:api-key", "client_id", "gatehouse-api-keys",
                        "api_key", key));
        Assumptions.assumeTrue(exchanged.statusCode() == 200, "the API key grant is not in this build yet: " + exchanged.body());
        String keyToken = Json.parse(exchanged.body()).get("access_token").asText();
        assertTrue(Json.claims(keyToken).path("resource_access").path("account").toString().contains("manage-account"),
                "the key's token does carry manage-account: " + Json.claims(keyToken));
        // Keycloak's bearer check already refuses the token (its session is transient, 401); the claim check (403
        // api_key_token) stands behind it should that change
        HttpResponse<String> minted = account("POST", "", keyToken, newKey("minted", List.of("reports-reader")));
        assertTrue(minted.statusCode() == 401 || minted.statusCode() == 403, minted.statusCode() + " " + minted.body());
        assertTrue(Set.of("not_authorized", "api_key_token").contains(Json.parse(minted.body()).get("error").asText()), minted.body());
        int listed = account("GET", "", keyToken, null).statusCode();
        assertTrue(listed == 401 || listed == 403, "listing with the key's token: " + listed);
        assertEquals(1, Json.parse(account("GET", "", token, null).body()).size(), "nothing minted");
    }

    @Test
    void usersCreateNoKeysOfTheirOwnWhenTheRealmSaysSo() throws Exception {
        String id = user("keys-gus");
        String config = "/realms/demo/authentication/required-actions/" + ACTION + "/config";
        JsonNode before = admin.get(config);
        Map<String, Object> off = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        before.get("config").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        values.put("userKeys", "false");
        off.put("config", values);
        HttpResponse<String> before2 = account("POST", "", token("keys-gus"), newKey("made while on", List.of()));
        assertEquals(201, before2.statusCode(), before2.body());
        key(Json.parse(before2.body()).get("key").asText());
        String madeWhileOn = Json.parse(before2.body()).get("id").asText();
        assertEquals(204, admin.call("PUT", config, off).statusCode());
        try {
            // review F11: nor may users rotate theirs into fresh keys
            HttpResponse<String> rotation = account("POST", "/" + madeWhileOn + "/rotate", token("keys-gus"), null);
            assertEquals(403, rotation.statusCode(), rotation.body());
            assertEquals("user_keys_off", Json.parse(rotation.body()).get("error").asText());
            HttpResponse<String> refused = account("POST", "", token("keys-gus"), newKey("mine", List.of()));
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("user_keys_off", Json.parse(refused.body()).get("error").asText());

            OidcBrowser browser = new OidcBrowser("demo-app");
            OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", "kc_action=" + ACTION);
            OidcBrowser.Page page = browser.follow(browser.submit(auth.formAction(),
                    Map.of("username", "keys-gus", "password", "keys-gus", "credentialId", "")));
            assertTrue(page.message().contains("turned off"), page.message());
            assertFalse(page.body().contains("name=\"create\""), "no form to create one");
            OidcBrowser.Page posted = browser.submit(page.formAction(CREATE_FORM),
                    Map.of("name", "mine", "days", "30", "create", "true"));
            assertFalse(KEY.matcher(posted.body()).find());
            // admins still issue keys
            assertEquals(201, admin.call("POST", "/realms/demo/gatehouse-api-keys/users/" + id + "/keys",
                    newKey("from the admin", List.of())).statusCode());
            assertEquals(2, listed(id).size());
        } finally {
            assertEquals(204, admin.call("PUT", config, Map.of("config", before.get("config"))).statusCode());
        }
    }

    /** Review F3: making a key through /keys needs a recent sign-in, as the account console's page does (RFC 9470). */
    @Test
    void makingAKeyNeedsARecentSignIn() throws Exception {
        user("keys-jo");
        String token = token("keys-jo");
        String config = "/realms/demo/authentication/required-actions/" + ACTION + "/config";
        JsonNode before = admin.get(config);
        Map<String, String> values = new LinkedHashMap<>();
        before.get("config").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        values.put("max_auth_age", "60");
        assertEquals(204, admin.call("PUT", config, Map.of("config", values)).statusCode());
        try {
            clock.offset(120);
            HttpResponse<String> stale = account("POST", "", token, newKey("late", List.of()));
            assertEquals(401, stale.statusCode(), stale.body());
            String challenge = stale.headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(challenge.contains("error=\"insufficient_user_authentication\"") && challenge.contains("max_age=60"), challenge);
            assertEquals(200, account("GET", "", token, null).statusCode(), "reading needs no fresh sign-in");
            HttpResponse<String> fresh = account("POST", "", token("keys-jo"), newKey("fresh", List.of()));
            assertEquals(201, fresh.statusCode(), fresh.body());
            key(Json.parse(fresh.body()).get("key").asText());
        } finally {
            clock.offset(0);
            assertEquals(204, admin.call("PUT", config, Map.of("config", before.get("config"))).statusCode());
        }
    }

    /** Review F3: a token of a narrow client (or stolen from one) mints no key wider than itself. */
    @Test
    void aNarrowTokenMintsNoKeyWiderThanItself() throws Exception {
        user("keys-hal");
        ClientRepresentation narrow = new ClientRepresentation();
        narrow.setClientId("keys-narrow");
        narrow.setPublicClient(true);
        narrow.setStandardFlowEnabled(true);
        narrow.setDirectAccessGrantsEnabled(false);
        narrow.setFullScopeAllowed(false);
        narrow.setRedirectUris(List.of(OidcBrowser.REDIRECT_URI));
        narrow.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
        try (Response r = realm.clients().create(narrow)) {
            assertEquals(201, r.getStatus());
        }
        String narrowId = realm.clients().findByClientId("keys-narrow").get(0).getId();
        String accountId = realm.clients().findByClientId("account").get(0).getId();
        realm.clients().get(narrowId).getScopeMappings().clientLevel(accountId).add(List.of(
                realm.clients().get(accountId).roles().get("manage-account").toRepresentation()));
        String token = new OidcBrowser("keys-narrow").signIn(server.baseUrl(), "demo", "keys-hal", "keys-hal").accessToken();

        HttpResponse<String> wider = account("POST", "", token, newKey("wider", List.of("reports-reader")));
        assertEquals(403, wider.statusCode(), wider.body());
        assertEquals("beyond_token", Json.parse(wider.body()).get("error").asText());
        assertTrue(wider.body().contains("reports-reader"), wider.body());
        HttpResponse<String> scoped = account("POST", "", token,
                Map.of("name", "scoped", "roles", List.of(), "clientScopes", List.of("offline_access")));
        assertEquals(403, scoped.statusCode(), "a client scope the token doesn't carry: " + scoped.body());
        HttpResponse<String> within = account("POST", "", token, newKey("within", List.of("account.manage-account")));
        assertEquals(201, within.statusCode(), "what the token carries is fine: " + within.body());
        key(Json.parse(within.body()).get("key").asText());

        // nor may it rotate a wider key of the same user into a fresh one
        String full = token("keys-hal");
        HttpResponse<String> made = account("POST", "", full, newKey("full", List.of("reports-reader")));
        assertEquals(201, made.statusCode(), made.body());
        key(Json.parse(made.body()).get("key").asText());
        String madeId = Json.parse(made.body()).get("id").asText();
        HttpResponse<String> rotated = account("POST", "/" + madeId + "/rotate", token, null);
        assertEquals(403, rotated.statusCode(), rotated.body());
        assertEquals(2, Json.parse(account("GET", "", full, null).body()).size(), "nothing else minted");
    }

    /** Review F14, F10: no self-service where nobody set API keys up (master), nothing in a disabled realm. */
    @Test
    void selfServiceIsOffWhereTheRealmNeverTurnedItOnAndInADisabledRealm() throws Exception {
        HttpRequest.Builder master = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/master/gatehouse-api-keys/keys"))
                .header("Authorization", "Bearer " + server.adminClient().tokenManager().getAccessTokenString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(newKey("admin key", List.of()))));
        HttpResponse<String> refused = http.send(master.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("user_keys_off", Json.parse(refused.body()).get("error").asText());

        org.keycloak.representations.idm.RealmRepresentation off = new org.keycloak.representations.idm.RealmRepresentation();
        off.setRealm("keys-disabled");
        off.setEnabled(false);
        server.adminClient().realms().create(off);
        HttpResponse<String> disabled = http.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/realms/keys-disabled/gatehouse-api-keys/keys")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, disabled.statusCode(), disabled.body());
        assertEquals("realm_disabled", Json.parse(disabled.body()).get("error").asText());
    }

    // ---- admin REST ------------------------------------------------------------------------------------------

    @Test
    void adminsIssueKeysToUsersAndServiceAccounts() throws Exception {
        String id = user("keys-eve");
        HttpResponse<String> created = admin.call("POST", "/realms/demo/gatehouse-api-keys/users/" + id + "/keys",
                newKey("issued by admin", List.of("reports-reader")));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode c = Json.parse(created.body());
        key(c.get("key").asText());
        assertEquals(id, c.get("ownerId").asText());
        assertNotEquals(id, c.get("createdBy").asText(), "created by the admin, recorded as such");

        // a service account: only what the client's service account holds
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("keys-batch");
        client.setServiceAccountsEnabled(true);
        client.setPublicClient(false);
        client.setStandardFlowEnabled(false);
        try (Response r = realm.clients().create(client)) {
            assertEquals(201, r.getStatus());
        }
        String clientId = realm.clients().findByClientId("keys-batch").get(0).getId();
        String sa = realm.clients().get(clientId).getServiceAccountUser().getId();
        realm.users().get(sa).roles().realmLevel().add(List.of(realm.roles().get("reports-reader").toRepresentation()));
        HttpResponse<String> forSa = admin.call("POST", "/realms/demo/gatehouse-api-keys/users/" + sa + "/keys",
                newKey("batch", List.of("reports-reader")));
        assertEquals(201, forSa.statusCode(), forSa.body());
        JsonNode s = Json.parse(forSa.body());
        key(s.get("key").asText());
        assertEquals("keys-batch", s.get("clientId").asText());
        HttpResponse<String> tooMuch = admin.call("POST", "/realms/demo/gatehouse-api-keys/users/" + sa + "/keys",
                newKey("batch admin", List.of("realm-management.manage-users")));
        assertEquals(400, tooMuch.statusCode(), tooMuch.body());
        assertTrue(tooMuch.body().contains("realm-management.manage-users"), tooMuch.body());

        JsonNode forEve = listed(id);
        assertEquals(1, forEve.size());
        String keyId = forEve.get(0).get("id").asText();
        String credentialId = forEve.get(0).get("credentialId").asText();
        assertTrue(realm.users().get(id).credentials().stream().anyMatch(cr -> credentialId.equals(cr.getId())),
                "the key is a credential of its owner (the admin console's Credentials tab)");
        HttpResponse<String> rotated = admin.call("POST", "/realms/demo/gatehouse-api-keys/keys/" + keyId + "/rotate", null);
        assertEquals(201, rotated.statusCode(), rotated.body());
        key(Json.parse(rotated.body()).get("key").asText());
        assertEquals(200, admin.call("GET", "/realms/demo/gatehouse-api-keys/keys/" + keyId + "/usage", null).statusCode());
        assertEquals(204, admin.call("DELETE", "/realms/demo/gatehouse-api-keys/keys/" + keyId, null).statusCode());
        assertEquals("revoked", byId(listed(id), keyId).get("status").asText());
        assertEquals(404, admin.call("DELETE", "/realms/demo/gatehouse-api-keys/keys/no-such-key", null).statusCode());
        assertEquals(404, admin.call("POST", "/realms/demo/gatehouse-api-keys/users/no-such-user/keys", newKey("x", List.of())).statusCode());

        // the credential went with the revocation: the Credentials tab no longer lists it
        assertFalse(realm.users().get(id).credentials().stream().anyMatch(cr -> credentialId.equals(cr.getId())));

        // each change is an admin event naming the key, never the key itself
        var events = realm.getAdminEvents(null, null, null, null, null, null, null, null, null, null);
        List<String> ours = events.stream().filter(e -> "GATEHOUSE_API_KEY".equals(e.getResourceType()))
                .map(e -> e.getOperationType() + " " + e.getResourcePath()).toList();
        assertTrue(ours.contains("DELETE gatehouse-api-keys/keys/" + keyId), ours.toString());
        assertTrue(ours.stream().anyMatch(o -> o.startsWith("CREATE ")), ours.toString());
        assertTrue(ours.stream().anyMatch(o -> o.startsWith("ACTION gatehouse-api-keys/keys/" + keyId + "/rotate")), ours.toString());
        for (String k : shownKeys) {
            assertFalse(Json.write(events).contains(k.substring(10, 40)), "no key in admin events");
        }
    }

    @Test
    void anAdminWhoMayOnlyViewEventsSeesNoKeys() throws Exception {
        // the demo auditor may view events only; the MFA policy's grace lets this sign-in postpone enrolment
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page choice = browser.follow(browser.submit(auth.formAction(),
                Map.of("username", "auditor", "password", "auditor", "credentialId", "")));
        String auditor = browser.complete(server.baseUrl(), "demo", auth, browser.postpone(choice)).accessToken();
        AdminApi asAuditor = new AdminApi(server.baseUrl(), () -> auditor);
        assertEquals(403, asAuditor.call("GET", "/realms/demo/gatehouse-api-keys/keys", null).statusCode());
        String id = Accounts.id(realm, "bob");
        assertEquals(403, asAuditor.call("POST", "/realms/demo/gatehouse-api-keys/users/" + id + "/keys", newKey("x", List.of())).statusCode());
    }

    /**
     * Review F4: issuing a key lends the owner's roles, so an admin who may only manage users lends no admin role
     * they can't map, and reaches no service account (that would act as its client).
     */
    @Test
    void anAdminWhoMayOnlyManageUsersLendsNoAdminRoleAndNoServiceAccount() throws Exception {
        String helpdesk = user("keys-helpdesk");
        String rm = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(helpdesk).roles().clientLevel(rm).add(List.of(
                realm.clients().get(rm).roles().get("manage-users").toRepresentation()));
        String target = user("keys-ivy");
        realm.users().get(target).roles().clientLevel(rm).add(List.of(
                realm.clients().get(rm).roles().get("view-events").toRepresentation()));
        String token = token("keys-helpdesk");
        AdminApi asHelpdesk = new AdminApi(server.baseUrl(), () -> token);

        HttpResponse<String> adminRole = asHelpdesk.call("POST", "/realms/demo/gatehouse-api-keys/users/" + target + "/keys",
                newKey("lends view-events", List.of("realm-management.view-events")));
        assertEquals(403, adminRole.statusCode(), "an admin role the admin may not map: " + adminRole.body());
        HttpResponse<String> plainRole = asHelpdesk.call("POST", "/realms/demo/gatehouse-api-keys/users/" + target + "/keys",
                newKey("reports", List.of("reports-reader")));
        assertEquals(201, plainRole.statusCode(), "a role manage-users may map anyway: " + plainRole.body());
        key(Json.parse(plainRole.body()).get("key").asText());

        ClientRepresentation robot = new ClientRepresentation();
        robot.setClientId("keys-robot");
        robot.setServiceAccountsEnabled(true);
        robot.setPublicClient(false);
        robot.setStandardFlowEnabled(false);
        try (Response r = realm.clients().create(robot)) {
            assertEquals(201, r.getStatus());
        }
        String robotId = realm.clients().findByClientId("keys-robot").get(0).getId();
        String sa = realm.clients().get(robotId).getServiceAccountUser().getId();
        HttpResponse<String> asClient = asHelpdesk.call("POST", "/realms/demo/gatehouse-api-keys/users/" + sa + "/keys",
                newKey("acts as the client", List.of()));
        assertEquals(403, asClient.statusCode(), asClient.body());
        assertEquals(1, listed(target).size(), "only the allowed key");
        assertEquals(0, listed(sa).size());
    }

    // ---- Chromium: bob in the account console ----------------------------------------------------------------

    @Test
    void bobCreatesAKeyInTheAccountConsoleAndRemovesIt() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            DemoUsers.bobWithPasswordOnly(realm);
            String bob = Accounts.id(realm, "bob");
            WebDriver driver = chromium.driver();
            String signingIn = server.baseUrl() + "/realms/demo/account/account-security/signing-in";
            driver.get(signingIn);
            chromium.waitFor(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("bob");
            driver.findElement(By.id("password")).sendKeys("bob");
            driver.findElement(By.id("kc-login")).click();
            By create = By.cssSelector("[data-testid='gatehouse-api-key/create']");
            chromium.waitFor(d -> {
                if (!d.findElements(create).isEmpty()) {
                    return true;
                }
                // the console sometimes lands on its start page after its own sign-in: ask for the page again
                if (d.getCurrentUrl().endsWith("/account/") || d.getCurrentUrl().contains("/account/#")) {
                    d.get(signingIn);
                }
                return false;
            });
            click(driver, driver.findElement(create));

            chromium.waitFor(d -> !d.findElements(By.id(CREATE_FORM)).isEmpty());
            driver.findElement(By.id("gatehouse-api-key-name")).sendKeys("laptop script");
            click(driver, driver.findElement(By.cssSelector("input[name='role'][value='reports-reader']")));
            WebElement days = driver.findElement(By.id("gatehouse-api-key-days"));
            days.clear();
            days.sendKeys("30");
            click(driver, driver.findElement(By.id("gatehouse-api-key-create")));

            chromium.waitFor(d -> !d.findElements(By.id("gatehouse-api-key-value")).isEmpty());
            String key = driver.findElement(By.id("gatehouse-api-key-value")).getAttribute("value");
            assertTrue(KEY.matcher(key).matches(), key);
            shownKeys.add(key);
            chromium.screenshot("api-key-created");
            click(driver, driver.findElement(By.id("gatehouse-api-key-saved")));

            String displayPrefix = key.substring(0, "gatehouse_".length() + 6);
            By listed = By.xpath("//*[contains(text(), '" + displayPrefix + "')]");
            chromium.waitFor(d -> {
                if (!d.findElements(listed).isEmpty()) {
                    return true;
                }
                if (d.getCurrentUrl().endsWith("/account/") || d.getCurrentUrl().contains("/account/#")) {
                    d.get(signingIn);
                }
                return false;
            });
            WebElement row = driver.findElement(listed);
            assertTrue(row.getText().contains("laptop script"), row.getText());
            chromium.waitFor(d -> d.getPageSource().contains("Valid until"));
            assertTrue(driver.getPageSource().contains("Uses, last 30 days"), "the key's usage is listed with it");
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", row);
            chromium.screenshot("api-key-account");
            JsonNode keys = listed(bob);
            assertEquals(1, keys.size(), keys.toString());
            String keyId = keys.get(0).get("id").asText();
            assertEquals("active", keys.get(0).get("status").asText());

            // Remove = Keycloak's delete_credential action, then its confirmation page
            WebElement remove = driver.findElement(By.xpath("//*[contains(text(), '" + displayPrefix
                    + "')]/ancestor::*[contains(@class, 'pf-v5-c-data-list__item-row')]//button[@data-testrole='remove']"));
            click(driver, remove);
            chromium.waitFor(d -> !d.findElements(By.id("kc-accept")).isEmpty());
            click(driver, driver.findElement(By.id("kc-accept")));
            chromium.waitFor(d -> !d.findElements(By.cssSelector("[data-testid='gatehouse-api-key/not-set-up']")).isEmpty()
                    || (d.getCurrentUrl().endsWith("/account/") && reload(d, signingIn)));
            assertEquals("revoked", byId(listed(bob), keyId).get("status").asText(), "removing the credential revokes the key");
        }
    }

    private static boolean reload(WebDriver driver, String url) {
        driver.get(url);
        return false;
    }

    private static void click(WebDriver driver, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }
}
