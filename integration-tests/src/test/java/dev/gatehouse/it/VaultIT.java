package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.Ports;
import dev.gatehouse.testsupport.fakes.FakeAzureKeyVault;
import dev.gatehouse.testsupport.fakes.FakeGoogleSecretManager;
import dev.gatehouse.testsupport.fakes.FakeSecretsManager;
import dev.gatehouse.testsupport.fakes.FakeVault;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gatehouse vault provider on the real server, with the AWS backend pointed at the Secrets Manager fake:
 * the demo realm's SMTP password ({@code ${vault.smtp-password}}) and an identity provider's client secret
 * ({@code ${vault.aws:upstream-idp#secret}}) are resolved from it, mail reaches a GreenMail that checks SMTP
 * passwords, a brokered sign-in reaches a token, and a missing or out-of-scope secret is logged with its reason. The
 * HashiCorp, Azure Key Vault and Google Secret Manager backends read their fakes through Keycloak's own HTTP client and
 * its proxy-mappings; Azure and Google with their default credentials, a managed identity from the instance metadata
 * service (169.254.169.254) and the service account of Google's metadata server (metadata.google.internal).
 */
class VaultIT {

    static final String SMTP_USER = "mailer";
    /** Resolvable only through the proxy mapping Keycloak is started with. */
    static final String VAULT_ADDRESS = "http://vault.gatehouse.invalid:8200";
    static final String SMTP_PASSWORD = random();
    static final String IDP_SECRET = random();

    static final String VAULT_TOKEN = random();
    /** Hosts of the real services, reached only through proxy-mappings to the fakes (nothing resolves or listens here). */
    static final String AZURE_VAULT_URL = "http://gatehouse-it.vault.azure.net";
    static final String GCP_PROJECT = "gatehouse-it";
    static final String GCP_ENDPOINT = "http://secretmanager.googleapis.com";

    static FakeSecretsManager aws;
    static FakeVault vault;
    static FakeAzureKeyVault azure;
    static FakeGoogleSecretManager gcp;
    static Path vaultTokenFile;
    static GreenMail mail;
    static KeycloakNode server;
    static AdminApi admin;

    static String random() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @BeforeAll
    static void start() throws Exception {
        // HashiCorp Vault behind a name that doesn't resolve: only Keycloak's proxy-mappings reach it, so every
        // answer proves the backend went through HttpClientProvider's client with the admin's settings.
        vault = new FakeVault().withToken(VAULT_TOKEN);
        vault.putV2("keycloak/demo/smtp", Map.of("password", SMTP_PASSWORD, "user", SMTP_USER));
        vaultTokenFile = Files.createTempFile("gatehouse-vault-it", ".token");
        Files.writeString(vaultTokenFile, VAULT_TOKEN);

        aws = new FakeSecretsManager();
        aws.put("keycloak/demo/smtp-password", SMTP_PASSWORD);
        aws.put("keycloak/demo/upstream-idp", "{\"secret\":\"" + IDP_SECRET + "\",\"note\":\"other fields are ignored\"}");
        aws.put("keycloak/master/smtp-password", "master's secret");

        // Key Vault and Secret Manager names are flattened: keycloak/demo/smtp-password → keycloak--demo--smtp-2Dpassword.
        azure = new FakeAzureKeyVault().withManagedIdentity(null);
        azure.put("keycloak--demo--smtp-2Dpassword", SMTP_PASSWORD);
        azure.put("keycloak--demo--old-2Dsmtp-2Dpassword", random());
        gcp = new FakeGoogleSecretManager(GCP_PROJECT);
        gcp.put("keycloak--demo--smtp-2Dpassword", SMTP_PASSWORD);
        gcp.put("keycloak--demo--old-2Dsmtp-2Dpassword", random());

        // GreenMail that checks passwords: only mailer / SMTP_PASSWORD may send.
        mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@gatehouse.test", SMTP_USER, SMTP_PASSWORD));
        mail.start();

        server = KeycloakNode.fresh("vault")
                .withProviders(BuildInfo.providersDir())
                .withImport(BuildInfo.realmConfig("demo"))
                .withEnv("GATEHOUSE_SMTP_HOST", "127.0.0.1")
                .withEnv("GATEHOUSE_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()))
                .withEnv("GATEHOUSE_SMTP_AUTH", "true")
                .withEnv("GATEHOUSE_SMTP_USER", SMTP_USER)
                // The SDK's default credential chain: environment variables here, web identity or instance roles in AWS.
                .withEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
                .withEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                .withEnv("AWS_REGION", "us-east-1")
                .startDev("--import-realm", "--spi-vault--provider=gatehouse",
                        "--spi-vault--gatehouse--backends=aws,env,hashicorp,azure,gcp",
                        "--spi-vault--gatehouse--aws-endpoint=" + aws.uri(),
                        "--spi-vault--gatehouse--hashicorp-address=" + VAULT_ADDRESS,
                        "--spi-vault--gatehouse--hashicorp-token-file=" + vaultTokenFile,
                        // azure-auth and gcp-auth stay at their defaults: managed-identity (IMDS) and metadata.
                        "--spi-vault--gatehouse--azure-vault-url=" + AZURE_VAULT_URL,
                        "--spi-vault--gatehouse--gcp-project=" + GCP_PROJECT,
                        "--spi-vault--gatehouse--gcp-endpoint=" + GCP_ENDPOINT,
                        // SmallRye's list splitting drops backslashes, so a regex dot is written [.]
                        "--spi-connections-http-client--default--proxy-mappings=" + String.join(",",
                                ".*[.]invalid;" + vault.uri(),
                                "169[.]254[.]169[.]254;" + azure.uri(),
                                "gatehouse-it[.]vault[.]azure[.]net;" + azure.uri(),
                                "metadata[.]google[.]internal;" + gcp.uri(),
                                "secretmanager[.]googleapis[.]com;" + gcp.uri()),
                        "--spi-events-listener--gatehouse-audit--seal-interval=500");
        admin = server.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (mail != null) {
            mail.stop();
        }
        if (aws != null) {
            aws.close();
        }
        if (vault != null) {
            vault.close();
        }
        if (azure != null) {
            azure.close();
        }
        if (gcp != null) {
            gcp.close();
        }
        if (vaultTokenFile != null) {
            Files.deleteIfExists(vaultTokenFile);
        }
    }

    @Test
    void greenMailRefusesAWrongSmtpPassword() {
        Properties p = new Properties();
        p.put("mail.smtp.auth", "true");
        Session s = Session.getInstance(p);
        assertThrows(AuthenticationFailedException.class, () -> {
            try (Transport t = s.getTransport("smtp")) {
                t.connect("127.0.0.1", mail.getSmtp().getPort(), SMTP_USER, "not-the-password");
            }
        }, "the mail server checks passwords, so delivered mail proves Keycloak had the right one");
    }

    @Test
    void smtpPasswordComesFromSecretsManager() throws Exception {
        int before = mail.getReceivedMessagesForDomain("example.com").length;
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page codePage = browser.submit(auth.formAction(), Map.of("username", "alice", "password", "alice"));
        assertTrue(mail.waitForIncomingEmail(15000, before + 1), "the code mail was sent with the vault's SMTP password");
        String body = GreenMailUtil.getWholeMessage(mail.getReceivedMessagesForDomain("example.com")[before]);
        java.util.regex.Matcher m = Pattern.compile("(?m)^\\s+(\\d{6})\\s*$").matcher(body);
        assertTrue(m.find(), body);
        OidcBrowser.Page done = browser.submit(codePage.formAction("gatehouse-email-code-form"), Map.of("code", m.group(1)));
        assertTrue(done.redirectsToClient(), done.message());
        assertFalse(browser.complete(server.baseUrl(), "demo", auth, done).accessToken().isEmpty());

        // The fetch is in the audit log, by reference and backend, never by value.
        assertFetchAudited("aws", "keycloak/demo/smtp-password");
    }

    /**
     * The VAULT_FETCH audit record of a fetch from this backend under this name (records are newest first, and
     * other tests fetch too, so it is looked for rather than taken from the top); no secret value in any of them.
     */
    static void assertFetchAudited(String backend, String name) throws InterruptedException {
        JsonNode fetches = null;
        for (int i = 0; i < 50; i++) {
            fetches = admin.get("/realms/demo/gatehouse-audit/records?type=VAULT_FETCH");
            for (JsonNode rec : fetches) {
                JsonNode d = rec.get("details");
                if (backend.equals(d.path("backend").asText()) && name.equals(d.path("name").asText())) {
                    assertEquals("fetched", d.path("outcome").asText(), rec.toString());
                    assertFalse(fetches.toString().contains(SMTP_PASSWORD), "no secret value in the audit log");
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no VAULT_FETCH of " + name + " from " + backend + " in " + fetches);
    }

    /**
     * An upstream realm on the same server plays the external OpenID provider, with a confidential client whose
     * secret the demo realm's identity provider reads from the vault. Created once, by whichever test runs first.
     */
    static synchronized void ensureUpstreamProvider() {
        if (admin.call("GET", "/realms/upstream", null).statusCode() == 200) {
            return;
        }
        Map<String, Object> upstream = Map.of("realm", "upstream", "enabled", true,
                "clients", List.of(Map.of("clientId", "gatehouse-broker", "enabled", true, "publicClient", false,
                        "secret", IDP_SECRET, "redirectUris", List.of(server.baseUrl() + "/realms/demo/broker/upstream/endpoint"),
                        "standardFlowEnabled", true)),
                "users", List.of(Map.of("username", "erin", "enabled", true, "email", "erin@example.org", "emailVerified", true,
                        "firstName", "Erin", "lastName", "Upstream",
                        "credentials", List.of(Map.of("type", "password", "value", "erin", "temporary", false)))));
        assertEquals(201, admin.call("POST", "/realms", upstream).statusCode());
        String issuer = server.baseUrl() + "/realms/upstream";
        Map<String, Object> idp = Map.of("alias", "upstream", "providerId", "oidc", "enabled", true, "trustEmail", true,
                "config", Map.ofEntries(Map.entry("clientId", "gatehouse-broker"),
                        Map.entry("clientSecret", "${vault.aws:upstream-idp#secret}"),
                        Map.entry("clientAuthMethod", "client_secret_post"),
                        Map.entry("authorizationUrl", issuer + "/protocol/openid-connect/auth"),
                        Map.entry("tokenUrl", issuer + "/protocol/openid-connect/token"),
                        Map.entry("issuer", issuer), Map.entry("validateSignature", "false"), Map.entry("pkceEnabled", "false"),
                        Map.entry("syncMode", "IMPORT"), Map.entry("defaultScope", "openid email profile")));
        HttpResponse<String> created = admin.call("POST", "/realms/demo/identity-provider/instances", idp);
        assertEquals(201, created.statusCode(), created.body());

    }

    @Test
    void identityProviderClientSecretComesFromSecretsManager() {
        ensureUpstreamProvider();
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo", "kc_idp_hint=upstream");
        assertTrue(auth.formAction() != null && auth.formAction().contains("/realms/upstream/"), "the upstream login form");
        OidcBrowser.Page back = browser.follow(browser.submit(auth.formAction(), Map.of("username", "erin", "password", "erin")));
        assertTrue(back.redirectsToClient(), "the broker exchanged the upstream code with the vault's client secret: "
                + back.status() + " " + back.message());
        OidcBrowser.Tokens tokens = browser.complete(server.baseUrl(), "demo", auth, back);
        assertEquals("erin@example.org", tokens.accessClaims().get("email").asText());
    }

    @Test
    void missingAndOutOfScopeSecretsAreLoggedWithTheirReason() throws Exception {
        // Keycloak's "test connection" resolves the password it is given through the vault.
        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);
        admin.call("PUT", "/realms/master/users/" + adminId, Map.of("email", "admin@example.com"));
        JsonNode smtp = admin.get("/realms/demo").get("smtpServer");
        for (String ref : List.of("${vault.no-such-secret}", "${vault.../master/smtp-password}")) {
            Map<String, Object> settings = Json.MAPPER.convertValue(smtp, Map.class);
            settings.put("password", ref);
            HttpResponse<String> r = admin.call("POST", "/realms/demo/testSMTPConnection", settings);
            assertTrue(r.statusCode() >= 400, ref + " must not authenticate: " + r.statusCode());
        }
        assertTrue(server.awaitLog(Pattern.compile(Pattern.quote("gatehouse vault: ${vault.no-such-secret} of realm demo not resolved (backend aws, name keycloak/demo/no-such-secret)")
                + ".*has no secret"), Duration.ofSeconds(10)), "a missing secret is logged with backend, name and reason");
        assertTrue(server.awaitLog(Pattern.compile(Pattern.quote("gatehouse vault: refused ${vault.../master/smtp-password} in realm demo: path traversal")),
                Duration.ofSeconds(10)), "a traversal attempt is refused and logged");
        assertFalse(server.logMatches(Pattern.compile(Pattern.quote(SMTP_PASSWORD))), "no secret value in the server log");
    }

    @Test
    void backendReachabilityIsCheckedAtStart() {
        assertTrue(server.awaitLog(Pattern.compile("gatehouse vault: backend aws reachable and authenticated"), Duration.ofSeconds(20)));
        assertTrue(server.awaitLog(Pattern.compile("gatehouse vault: backend hashicorp reachable and authenticated"), Duration.ofSeconds(20)),
                "the start-up check reached Vault through Keycloak's proxy-mappings");
        assertTrue(server.awaitLog(Pattern.compile("gatehouse vault: backend azure reachable and authenticated"), Duration.ofSeconds(20)),
                "the start-up check got a managed-identity token from IMDS and listed Key Vault, both through proxy-mappings");
        assertTrue(server.awaitLog(Pattern.compile("gatehouse vault: backend gcp reachable and authenticated"), Duration.ofSeconds(20)),
                "the start-up check got a token from the metadata server and listed Secret Manager, both through proxy-mappings");
        assertTrue(server.logMatches(Pattern.compile("gatehouse vault: backends \\[aws, env, hashicorp, azure, gcp\\]")));
    }

    /**
     * The inventory lists every vault reference of the demo realm with where it is used, where it points and this
     * node's last fetch: the SMTP password (looked up just before through "test connection") and the upstream
     * identity provider's client secret. An unsafe reference is listed with its reason. No secret value anywhere.
     */
    @Test
    void inventoryListsTheRealmsReferencesWithoutValues() throws Exception {
        ensureUpstreamProvider();
        HttpResponse<String> probe = admin.call("POST", "/realms/demo/clients", Map.of("clientId", "inventory-probe",
                "publicClient", false, "secret", "${vault.../master/smtp-password}"));
        assertTrue(probe.statusCode() == 201 || probe.statusCode() == 409, probe.body());
        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);
        admin.call("PUT", "/realms/master/users/" + adminId, Map.of("email", "admin@example.com"));
        // The masked password makes Keycloak test with the realm's own, ${vault.smtp-password}.
        Map<String, Object> settings = Json.MAPPER.convertValue(admin.get("/realms/demo").get("smtpServer"), Map.class);
        assertEquals(204, admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode());

        HttpResponse<String> r = admin.call("GET", "/realms/demo/gatehouse-vault/inventory", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode inventory = Json.parse(r.body());
        assertEquals("demo", inventory.get("realm").asText());
        JsonNode smtp = inventoryEntry(inventory, "smtp-password");
        assertTrue(Json.write(smtp.get("locations")).contains("\"smtp:password\""), smtp.toString());
        assertEquals("aws", smtp.get("backend").asText());
        assertEquals("keycloak/demo/smtp-password", smtp.get("backendName").asText());
        assertEquals("fetched", smtp.get("status").get("outcome").asText(), smtp.toString());
        assertFalse(smtp.get("status").get("fetchedAt").isNull());
        JsonNode idp = inventoryEntry(inventory, "aws:upstream-idp#secret");
        assertEquals(List.of("identity-provider:upstream:clientSecret"), Json.MAPPER.convertValue(idp.get("locations"), List.class));
        assertEquals("keycloak/demo/upstream-idp", idp.get("backendName").asText());
        assertTrue(idp.hasNonNull("status") || "not fetched on this node".equals(idp.get("statusNote").asText()), idp.toString());
        JsonNode unsafe = inventoryEntry(inventory, "../master/smtp-password");
        assertEquals(List.of("client:inventory-probe:secret"), Json.MAPPER.convertValue(unsafe.get("locations"), List.class));
        assertTrue(unsafe.get("error").asText().contains("path traversal"), unsafe.toString());
        List<String> refs = new java.util.ArrayList<>();
        inventory.get("references").forEach(e -> refs.add(e.get("reference").asText()));
        assertEquals(refs.stream().sorted().toList(), refs, "sorted");
        for (String secret : List.of(SMTP_PASSWORD, IDP_SECRET, "master's secret")) {
            assertFalse(r.body().contains(secret), "no secret value in the inventory");
        }
    }

    /**
     * A view-realm admin sees the references of what view-realm shows (SMTP here), not those of identity providers
     * or clients it may not view, nor the backends' failure texts; and may not flush.
     */
    @Test
    void theInventoryListsOnlyWhatTheAdminMayView() throws Exception {
        ensureUpstreamProvider();
        HttpResponse<String> probe = admin.call("POST", "/realms/demo/clients", Map.of("clientId", "inventory-probe",
                "publicClient", false, "secret", "${vault.../master/smtp-password}"));
        assertTrue(probe.statusCode() == 201 || probe.statusCode() == 409, probe.body());
        String password = random();
        HttpResponse<String> created = admin.call("POST", "/realms/master/users", Map.of("username", "vault-viewer", "enabled", true,
                "email", "vault-viewer@example.org", "emailVerified", true, "firstName", "Vault", "lastName", "Viewer",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        assertEquals(201, created.statusCode(), created.body());
        String userId = admin.userId("master", "vault-viewer");
        String demoRealmClient = admin.get("/realms/master/clients?clientId=demo-realm").get(0).get("id").asText();
        JsonNode viewRealm = admin.get("/realms/master/clients/" + demoRealmClient + "/roles/view-realm");
        assertEquals(204, admin.call("POST", "/realms/master/users/" + userId + "/role-mappings/clients/" + demoRealmClient,
                List.of(viewRealm)).statusCode());
        // Something fetched, so there is a status (and a detail) to withhold; Keycloak mails the admin's address.
        admin.call("PUT", "/realms/master/users/" + admin.userId("master", KeycloakNode.ADMIN_USER), Map.of("email", "admin@example.com"));
        Map<String, Object> settings = Json.MAPPER.convertValue(admin.get("/realms/demo").get("smtpServer"), Map.class);
        assertEquals(204, admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode());

        try (org.keycloak.admin.client.Keycloak viewer = org.keycloak.admin.client.Keycloak.getInstance(server.baseUrl(), "master",
                "vault-viewer", password, "admin-cli")) {
            AdminApi asViewer = new AdminApi(server.baseUrl(), () -> viewer.tokenManager().getAccessTokenString());
            HttpResponse<String> r = asViewer.call("GET", "/realms/demo/gatehouse-vault/inventory", null);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode inventory = Json.parse(r.body());
            assertTrue(Json.write(inventoryEntry(inventory, "smtp-password").get("locations")).contains("\"smtp:password\""), r.body());
            assertFalse(r.body().contains("identity-provider:") || r.body().contains("upstream-idp"), "no identity providers: " + r.body());
            assertFalse(r.body().contains("client:") || r.body().contains("inventory-probe"), "no clients: " + r.body());
            inventory.get("references").forEach(e -> assertTrue(!e.hasNonNull("status") || !e.get("status").hasNonNull("detail"),
                    "no failure texts: " + e));
            assertEquals(403, asViewer.call("POST", "/realms/demo/gatehouse-vault/flush?reference=smtp-password", null).statusCode());
        }
        // The realm's admin sees the same reference with its backend's detail.
        JsonNode full = Json.parse(admin.call("GET", "/realms/demo/gatehouse-vault/inventory", null).body());
        assertTrue(inventoryEntry(full, "smtp-password").get("status").hasNonNull("detail"));
        inventoryEntry(full, "aws:upstream-idp#secret");
    }

    static JsonNode inventoryEntry(JsonNode inventory, String reference) {
        for (JsonNode e : inventory.get("references")) {
            if (reference.equals(e.get("reference").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + reference + " in " + inventory);
    }

    /**
     * A rotated secret: the node keeps serving the cached old one (cache-ttl is 5 minutes) until an admin flushes
     * it; the next lookup then fetches the new one from Secrets Manager, and the mail server takes it at once.
     */
    @Test
    void aFlushedSecretIsFetchedAgainAtOnce() throws Exception {
        String first = random();
        String second = random();
        var rotor = mail.setUser("rotor@gatehouse.test", "rotor", first);
        aws.put("keycloak/demo/rotating-smtp", first);
        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);
        admin.call("PUT", "/realms/master/users/" + adminId, Map.of("email", "admin@example.com"));
        Map<String, Object> settings = Json.MAPPER.convertValue(admin.get("/realms/demo").get("smtpServer"), Map.class);
        settings.put("user", "rotor");
        settings.put("password", "${vault.aws:rotating-smtp}");
        assertEquals(204, admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode(), "the first password");

        aws.put("keycloak/demo/rotating-smtp", second);
        rotor.setPassword(second);
        assertTrue(admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode() >= 400,
                "the node still serves the cached first password");

        int calls = aws.getCalls();
        HttpResponse<String> flushed = admin.call("POST", "/realms/demo/gatehouse-vault/flush?reference=" + AdminApi.enc("aws:rotating-smtp"), null);
        assertEquals(200, flushed.statusCode(), flushed.body());
        JsonNode out = Json.parse(flushed.body());
        assertEquals("demo", out.get("realm").asText());
        assertEquals("aws:rotating-smtp", out.get("reference").asText());
        assertEquals(1, out.get("droppedOnThisNode").asInt(), out.toString());
        assertTrue(out.get("clusterNotified").asBoolean(), out.toString());
        assertEquals(204, admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode(), "the rotated password, at once");
        assertTrue(aws.getCalls() > calls, "fetched from Secrets Manager again");
        assertFalse(server.logMatches(Pattern.compile(Pattern.quote(second))), "no secret value in the server log");
    }

    /** Flushing needs manage-realm, the inventory view-realm; a bad reference is a 400 that echoes nothing. */
    @Test
    void flushNeedsManageRealmAndABadReferenceIsRefused() throws Exception {
        // the demo auditor may view events only; the MFA policy's grace lets this sign-in postpone enrolment
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        OidcBrowser.Page choice = browser.follow(browser.submit(auth.formAction(),
                Map.of("username", "auditor", "password", "auditor", "credentialId", "")));
        String auditor = browser.complete(server.baseUrl(), "demo", auth, browser.postpone(choice)).accessToken();
        AdminApi asAuditor = new AdminApi(server.baseUrl(), () -> auditor);
        assertEquals(403, asAuditor.call("POST", "/realms/demo/gatehouse-vault/flush", null).statusCode());
        assertEquals(403, asAuditor.call("POST", "/realms/demo/gatehouse-vault/flush?reference=smtp-password", null).statusCode());
        assertEquals(403, asAuditor.call("GET", "/realms/demo/gatehouse-vault/inventory", null).statusCode());

        for (String bad : List.of("../x", "<script>alert(1)</script>", "nosuch:smtp", "a".repeat(600), "")) {
            HttpResponse<String> r = admin.call("POST", "/realms/demo/gatehouse-vault/flush?reference=" + AdminApi.enc(bad), null);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), bad);
            JsonNode error = Json.parse(r.body());
            assertEquals("invalid_reference", error.get("error").asText(), r.body());
            assertFalse(r.body().contains("<script>") || r.body().contains("aaaaaaaa"), "the input is not echoed: " + r.body());
        }
        assertTrue(Json.parse(admin.call("POST", "/realms/demo/gatehouse-vault/flush?reference=../x", null).body())
                .get("description").asText().contains("path traversal"));
    }

    /** A flush of the whole realm is a Keycloak admin event and a VAULT_FLUSH audit record naming the admin. */
    @Test
    void aFlushIsAnAdminEventAndAnAuditRecord() throws Exception {
        HttpResponse<String> flushed = admin.call("POST", "/realms/demo/gatehouse-vault/flush", null);
        assertEquals(200, flushed.statusCode(), flushed.body());
        assertTrue(Json.parse(flushed.body()).get("reference").isNull(), "every secret of the realm");

        // Keycloak's resourceTypes filter knows only its own types (another is a 500 there): filter here.
        List<String> ours = new java.util.ArrayList<>();
        for (JsonNode e : admin.get("/realms/demo/admin-events?max=500")) {
            if ("GATEHOUSE_VAULT".equals(e.path("resourceType").asText())) {
                ours.add(e.get("operationType").asText() + " " + e.get("resourcePath").asText());
            }
        }
        assertTrue(ours.contains("ACTION gatehouse-vault/flush"), "an admin event: " + ours);

        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);
        JsonNode record = null;
        for (int i = 0; i < 50 && record == null; i++) {
            for (JsonNode rec : admin.get("/realms/demo/gatehouse-audit/records?type=VAULT_FLUSH")) {
                if ("*".equals(rec.get("details").path("reference").asText())) {
                    record = rec;
                }
            }
            if (record == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(record != null, "a VAULT_FLUSH audit record");
        JsonNode d = record.get("details");
        assertEquals("demo", d.get("realm").asText(), record.toString());
        assertEquals(adminId, d.get("adminUserId").asText(), record.toString());
        assertEquals(KeycloakNode.ADMIN_USER, d.get("adminUsername").asText(), record.toString());
        assertTrue(d.get("dropped").asInt() >= 0, record.toString());
    }

    /**
     * A HashiCorp KV secret as the SMTP password of Keycloak's "test connection": the mail server accepts it only
     * with the right password, and Vault is reachable only through the proxy the admin configured for Keycloak's
     * outgoing HTTP.
     */
    @Test
    void hashiCorpSecretResolvedThroughKeycloaksHttpClient() throws Exception {
        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);
        admin.call("PUT", "/realms/master/users/" + adminId, Map.of("email", "admin@example.com"));
        Map<String, Object> settings = Json.MAPPER.convertValue(admin.get("/realms/demo").get("smtpServer"), Map.class);
        int reads = vault.reads();
        settings.put("password", "${vault.hashicorp:smtp#password}");
        HttpResponse<String> ok = admin.call("POST", "/realms/demo/testSMTPConnection", settings);
        assertEquals(204, ok.statusCode(), "GreenMail took the password from Vault: " + ok.body());
        assertTrue(vault.reads() > reads, "read from the Vault fake");
        settings.put("password", "${vault.hashicorp:smtp#user}");
        assertTrue(admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode() >= 400, "a different field is a different secret");
        assertFalse(server.logMatches(Pattern.compile(Pattern.quote(SMTP_PASSWORD))), "no secret value in the server log");
        assertFalse(server.logMatches(Pattern.compile(Pattern.quote(VAULT_TOKEN))), "no Vault token in the server log");
    }

    /**
     * An Azure Key Vault secret as the SMTP password of "test connection", read with a token of the instance's
     * system-assigned managed identity: IMDS (169.254.169.254) and the vault (*.vault.azure.net) are both reached
     * only through Keycloak's proxy-mappings, as the admin would route them.
     */
    @Test
    void azureKeyVaultSecretResolvedWithAManagedIdentity() throws Exception {
        Map<String, Object> settings = smtpSettingsToTest();
        int reads = azure.reads();
        settings.put("password", "${vault.azure:smtp-password}");
        HttpResponse<String> ok = admin.call("POST", "/realms/demo/testSMTPConnection", settings);
        assertEquals(204, ok.statusCode(), "GreenMail took the password from Key Vault: " + ok.body());
        assertTrue(azure.reads() > reads, "read from the Key Vault fake");
        assertFalse(azure.issuedTokens().isEmpty(), "a token from the instance metadata service");
        assertNull(azure.lastImdsClientId(), "the system-assigned identity (no client_id)");
        assertTrue(azure.lastTokenRequest().isEmpty(), "no Microsoft Entra ID request: managed identity is the default");
        settings.put("password", "${vault.azure:old-smtp-password}");
        assertTrue(admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode() >= 400, "another secret's value is refused");
        assertFetchAudited("azure", "keycloak--demo--smtp-2Dpassword");
        assertNoSecretOrTokenLogged(azure.issuedTokens());
    }

    /**
     * A Google Secret Manager secret as the SMTP password of "test connection", read with the token of the
     * instance's service account from the metadata server (metadata.google.internal); the metadata server and the
     * API are reached only through Keycloak's proxy-mappings.
     */
    @Test
    void googleSecretManagerSecretResolvedWithTheMetadataServersToken() throws Exception {
        Map<String, Object> settings = smtpSettingsToTest();
        int reads = gcp.reads();
        settings.put("password", "${vault.gcp:smtp-password}");
        HttpResponse<String> ok = admin.call("POST", "/realms/demo/testSMTPConnection", settings);
        assertEquals(204, ok.statusCode(), "GreenMail took the password from Secret Manager: " + ok.body());
        assertTrue(gcp.reads() > reads, "read from the Secret Manager fake");
        assertFalse(gcp.issuedTokens().isEmpty(), "a token from the metadata server");
        assertNull(gcp.lastAssertion(), "no service-account key: the metadata server is the default");
        settings.put("password", "${vault.gcp:old-smtp-password}");
        assertTrue(admin.call("POST", "/realms/demo/testSMTPConnection", settings).statusCode() >= 400, "another secret's value is refused");
        assertFetchAudited("gcp", "keycloak--demo--smtp-2Dpassword");
        assertNoSecretOrTokenLogged(gcp.issuedTokens());
    }

    /** The demo realm's SMTP settings for "test connection", which mails the master admin: it needs an address. */
    static Map<String, Object> smtpSettingsToTest() {
        String adminId = admin.userId("master", KeycloakNode.ADMIN_USER);
        admin.call("PUT", "/realms/master/users/" + adminId, Map.of("email", "admin@example.com"));
        return Json.MAPPER.convertValue(admin.get("/realms/demo").get("smtpServer"), Map.class);
    }

    static void assertNoSecretOrTokenLogged(List<String> tokens) {
        assertFalse(server.logMatches(Pattern.compile(Pattern.quote(SMTP_PASSWORD))), "no secret value in the server log");
        for (String token : tokens) {
            assertFalse(server.logMatches(Pattern.compile(Pattern.quote(token))), "no access token in the server log");
        }
    }

    /**
     * Keycloak uses a client secret's literal text when the vault answers nothing
     * ({@code OIDCClientSecretConfigWrapper.validateSecret}), so while {@code ${vault.…}} can't be resolved the
     * string "${vault.…}" would be the secret. The provider answers an unguessable value instead: fail closed.
     */
    @Test
    void anUnresolvableClientSecretIsNeverItsOwnLiteralText() throws Exception {
        aws.put("keycloak/demo/vault-client-secret", CLIENT_SECRET);
        for (String[] c : new String[][] {{"vault-client", "${vault.vault-client-secret}"}, {"vault-client-missing", "${vault.no-such-client-secret}"}}) {
            if (admin.call("GET", "/realms/demo/clients?clientId=" + c[0], null).body().contains(c[0])) {
                continue;
            }
            HttpResponse<String> created = admin.call("POST", "/realms/demo/clients", Map.of("clientId", c[0], "enabled", true,
                    "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false, "secret", c[1]));
            assertEquals(201, created.statusCode(), created.body());
        }
        assertEquals(200, clientCredentials("vault-client", CLIENT_SECRET).statusCode(), "the vault's secret works");
        assertEquals(401, clientCredentials("vault-client", "${vault.vault-client-secret}").statusCode());
        HttpResponse<String> literal = clientCredentials("vault-client-missing", "${vault.no-such-client-secret}");
        assertEquals(401, literal.statusCode(), "the literal reference is not the secret of a client whose secret can't be fetched: "
                + literal.body());
        assertFalse(literal.body().contains("access_token"));
    }

    static final String CLIENT_SECRET = random();

    static HttpResponse<String> clientCredentials(String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + java.net.URLEncoder.encode(clientId, java.nio.charset.StandardCharsets.UTF_8)
                + "&client_secret=" + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same brokered sign-in in a real browser: the login page's provider button, the upstream form, back. */
    @Test
    void brokeredSignInInChromium() throws Exception {
        ensureUpstreamProvider();
        try (Chromium chromium = Chromium.startOrSkip()) {
            org.openqa.selenium.WebDriver driver = chromium.driver();
            driver.get(server.baseUrl() + "/realms/demo/account");
            chromium.waitFor(d -> !d.findElements(org.openqa.selenium.By.id("social-upstream")).isEmpty());
            driver.findElement(org.openqa.selenium.By.id("social-upstream")).click();
            chromium.waitFor(d -> d.getCurrentUrl().contains("/realms/upstream/") && !d.findElements(org.openqa.selenium.By.id("username")).isEmpty());
            driver.findElement(org.openqa.selenium.By.id("username")).sendKeys("erin");
            driver.findElement(org.openqa.selenium.By.id("password")).sendKeys("erin");
            driver.findElement(org.openqa.selenium.By.id("kc-login")).click();
            // Back in realm demo's account console as erin: the broker got the upstream token with the vault's secret.
            chromium.waitFor(d -> d.findElements(org.openqa.selenium.By.id("email")).stream()
                    .anyMatch(e -> "erin@example.org".equals(e.getDomProperty("value"))));
            chromium.screenshot("vault-brokered-account-console");
        }
    }
}
