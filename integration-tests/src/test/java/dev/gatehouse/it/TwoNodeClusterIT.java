package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.VerifierCli;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.PostgresDatabase;
import dev.gatehouse.testsupport.Ports;
import dev.gatehouse.testsupport.fakes.FakeSecretsManager;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Two production-mode nodes with the pack installed, one PostgreSQL database, one Infinispan cluster
 * (discovered through the database, jdbc-ping). Both answer for the same frontend URL, as behind a load balancer.
 */
class TwoNodeClusterIT {

    static final String SCHEMA = "gatehouse_cluster_it";
    // Infinispan logs each new cluster view with its member count.
    static final Pattern TWO_MEMBER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel ISPN: \\[[^\\]]+\\] \\(2\\)");

    @AutoClose
    static KeycloakNode a;
    @AutoClose
    static KeycloakNode b;
    /** Secrets Manager for the gatehouse vault on both nodes (one secret store for the cluster). */
    @AutoClose
    static FakeSecretsManager aws;

    @BeforeAll
    static void startCluster() throws Exception {
        PostgresDatabase pg = PostgresDatabase.fromEnvironment().assumeAvailable();
        pg.recreateSchema(SCHEMA);

        // Augment once for PostgreSQL and the gatehouse vault (choosing a vault provider is a build option), then
        // copy: both nodes start --optimized from the same build.
        Path template = KeycloakNode.builtForPostgres("cluster-template", "--spi-vault--provider=gatehouse");
        aws = new FakeSecretsManager();
        a = withAwsCredentials(KeycloakNode.copyOf("node-a", template).withImport(BuildInfo.realmConfig("demo")));
        b = withAwsCredentials(KeycloakNode.copyOf("node-b", template));
        String vault = "--spi-vault--gatehouse--backends=aws";
        String vaultEndpoint = "--spi-vault--gatehouse--aws-endpoint=" + aws.uri();
        String frontend = "--hostname=" + a.baseUrl();
        // One checkpoint signing key for the whole cluster, as an operator would mount on every node.
        String auditKey = "--spi-events-listener--gatehouse-audit--signing-key-file=" + KeycloakNode.newAuditSigningKey("cluster-it");
        String sealEvery = "--spi-events-listener--gatehouse-audit--seal-interval=500";
        a.startProduction(options(pg, frontend, auditKey, sealEvery, vault, vaultEndpoint, "--import-realm"));
        b.startProduction(options(pg, frontend, auditKey, sealEvery, vault, vaultEndpoint));
        DemoUsers.bobWithPasswordOnly(a.adminClient().realm("demo"));
    }

    /** The AWS SDK's default chain reads these, as VaultIT's server does. */
    static KeycloakNode withAwsCredentials(KeycloakNode node) {
        return node.withEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
                .withEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                .withEnv("AWS_REGION", "us-east-1");
    }

    static String[] options(PostgresDatabase pg, String... more) {
        List<String> all = new ArrayList<>(pg.keycloakOptions(SCHEMA));
        all.add("--optimized");
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void nodesFormOneCluster() {
        assertTrue(a.awaitLog(TWO_MEMBER_VIEW, Duration.ofSeconds(60)), "node A never saw a two-member view");
        assertTrue(b.awaitLog(TWO_MEMBER_VIEW, Duration.ofSeconds(60)), "node B never saw a two-member view");
    }

    @Test
    void sessionMadeOnNodeAIsValidOnNodeB() {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens onA = browser.signIn(a.baseUrl(), "demo", "bob", "bob");

        // The SSO cookie from A is honoured by B without a login form: B finds A's user session.
        OidcBrowser.Tokens onB = browser.signInWithSession(b.baseUrl(), "demo");
        assertEquals(onA.accessClaims().get("sid").asText(), onB.accessClaims().get("sid").asText());

        assertEquals(200, browser.userInfo(b.baseUrl(), "demo", onA.accessToken()).statusCode());
        HttpResponse<String> refreshed = browser.refresh(b.baseUrl(), "demo", onA.refreshToken());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
    }

    @Test
    void signInsOnBothNodesAtOnceMakeOneAuditChainThatVerifies() throws Exception {
        // Sign-ins on both nodes at the same time; each node records its own events, one sealer orders them all.
        // One user per sign-in: Keycloak refuses concurrent sign-ins of one user under brute-force detection.
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add(Accounts.user("cluster-" + i, "cluster-" + i + "@example.com", true, Accounts.password("cluster")));
        }
        Accounts.create(a.adminClient().realm("demo"), PartialImportRepresentation.Policy.SKIP, users);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                KeycloakNode node = i % 2 == 0 ? a : b;
                String user = "cluster-" + i;
                done.add(pool.submit(() -> new OidcBrowser("demo-app").signIn(node.baseUrl(), "demo", user, "cluster")));
            }
            for (var f : done) {
                f.get();
            }
        }
        AdminApi adminA = a.admin();
        AdminApi adminB = b.admin();
        List<String> lines = List.of();
        List<String> notes = List.of();
        String key = null;
        for (int i = 0; i < 100; i++) {
            lines = adminA.call("GET", "/realms/demo/gatehouse-audit/export", null).body().lines().toList();
            notes = VerifierCli.splitNotes(adminB.call("GET", "/realms/demo/gatehouse-audit/checkpoints", null).body());
            key = adminA.call("GET", "/realms/demo/gatehouse-audit/public-key", null).body();
            if (lines.size() >= 16 && !notes.isEmpty() && notes.get(notes.size() - 1).contains("\n" + lines.size() + "\n")) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(lines.size() >= 16, "8 sign-ins make at least 16 records (LOGIN and CODE_TO_TOKEN): " + lines.size());
        ExportVerifier.Result result = ExportVerifier.verify(lines, notes, SignedNote.Verifier.parse(key), null);
        assertTrue(result.ok(), "one gap-free, duplicate-free chain across both nodes: " + result);

        // The database itself refuses to change or delete sealed records.
        PostgresDatabase pg = PostgresDatabase.fromEnvironment();
        try (java.sql.Connection c = pg.connect(); java.sql.Statement st = c.createStatement()) {
            for (String sql : List.of("UPDATE " + SCHEMA + ".gatehouse_audit_record SET line = 'forged' WHERE seq = 1",
                    "DELETE FROM " + SCHEMA + ".gatehouse_audit_record WHERE seq = 2")) {
                java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> st.executeUpdate(sql), sql);
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
    }

    /**
     * A browser trusted on node A; then its cookie arrives at both nodes at once (a copied cookie racing its owner
     * behind the load balancer). The secret is single-use cluster-wide (Infinispan's single-use store): at most one
     * sign-in skips the second factor, and the device ends revoked as replayed.
     */
    @Test
    void oneTrustCookieOnBothNodesAtOnceSkipsTheSecondFactorAtMostOnce() throws Exception {
        RealmResource demo = a.adminClient().realm("demo");
        String id = TrustedDeviceIT.user(demo, "cluster-trust");
        Map<String, String> password = Map.of("username", "cluster-trust", "password", TrustedDeviceIT.PASSWORD, "credentialId", "");
        OidcBrowser owner = new OidcBrowser("demo-app").showingTrustPage();
        OidcBrowser.Authorization auth = owner.authorize(a.baseUrl(), "demo");
        OidcBrowser.Page otp = owner.submit(auth.formAction(), password);
        OidcBrowser.Page offer = owner.submit(otp.formAction(TrustedDeviceIT.OTP_FORM),
                Map.of("otp", TrustedDeviceIT.totp(TrustedDeviceIT.TOTP_SECRET)));
        assertTrue(owner.answerTrust(offer, true).redirectsToClient(), "trusted on node A");
        String name = TrustedDeviceIT.cookieName(demo.toRepresentation().getId(), id);
        String value = owner.cookie(name);
        assertTrue(value != null, "the trust cookie is set");

        List<KeycloakNode> nodes = List.of(a, b);
        List<OidcBrowser> browsers = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (KeycloakNode node : nodes) {
            OidcBrowser browser = new OidcBrowser("demo-app").showingTrustPage();
            browser.setCookie(node.baseUrl() + "/realms/demo/", name, value, "/realms/demo/");
            browsers.add(browser);
            actions.add(formActionOn(node, browser));
        }
        List<OidcBrowser.Page> pages = TrustedDeviceIT.submitAtOnce(browsers, actions, password);
        int skipped = 0;
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            OidcBrowser.Page page = pages.get(i);
            // Keycloak refuses a sign-in of a user while another one of theirs is in the password step: again.
            for (int retry = 0; retry < 5 && page.hasForm("kc-form-login"); retry++) {
                TrustedDeviceIT.awaitLoginRelease();
                page = browsers.get(i).submit(formActionOn(nodes.get(i), browsers.get(i)), password);
            }
            outcomes.add((i == 0 ? "A: " : "B: ") + TrustedDeviceIT.describe(page));
            if (page.redirectsToClient()) {
                skipped++;
            } else {
                assertTrue(page.hasForm(TrustedDeviceIT.OTP_FORM), "the other is asked for the second factor: " + outcomes);
            }
        }
        assertTrue(skipped <= 1, "one cookie skips the second factor at most once across the cluster: " + outcomes);
        TrustedDeviceIT.awaitEvent(demo, id, "revoked", "replayed");
        assertEquals(List.of(), TrustedDeviceIT.devices(demo, id), "the replayed trust is gone: " + outcomes);
    }

    /**
     * The address budget is one count for the cluster (the replicated single-use store): an address that spends the
     * demo realm's budget of failed first factors on node A is refused on node B, before its password is checked.
     */
    @Test
    void failedSignInsOnNodeACountOnNodeB() throws Exception {
        int budget = IpBudgetIT.demoBudget(a);
        OidcBrowser attacker = new OidcBrowser("demo-app", java.net.InetAddress.getByName("127.0.0.31"));
        for (int i = 0; i < budget; i++) {
            OidcBrowser.Page page = attacker.submit(formActionOn(a, attacker),
                    Map.of("username", "cluster-spray-" + i, "password", "wrong", "credentialId", ""));
            assertEquals(200, page.status(), "failure " + (i + 1) + " on node A: " + page.message());
        }
        OidcBrowser.Page onB = attacker.submit(formActionOn(b, attacker),
                Map.of("username", "bob", "password", "bob", "credentialId", ""));
        IpBudgetIT.assertThrottled(onB);
        // Another address is still served on node B.
        assertTrue(new OidcBrowser("demo-app", java.net.InetAddress.getByName("127.0.0.32"))
                .signIn(b.baseUrl(), "demo", "bob", "bob").accessToken().length() > 0);
    }

    /**
     * An API key's rate limit is one count for the cluster: validations alternating between the nodes are refused
     * on both once the key's limit is spent, after the limit in total (each node alone would allow it again). A
     * minute boundary in between resets the count, so the attempt is repeated with a new key then.
     */
    @Test
    void anApiKeysRateLimitIsCountedAcrossBothNodes() throws Exception {
        int limit = 6;
        String bob = Accounts.id(a.adminClient().realm("demo"), "bob");
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<String> created = a.admin().call("POST", "/realms/demo/gatehouse-api-keys/users/" + bob + "/keys",
                    Map.of("name", "cluster-" + attempt, "roles", List.of(), "rateLimitPerMinute", limit));
            assertTrue(created.statusCode() == 200 || created.statusCode() == 201, created.body());
            String key = dev.gatehouse.testsupport.Json.parse(created.body()).get("key").asText();
            long minute = System.currentTimeMillis() / 60_000;
            int accepted = 0;
            java.util.Set<String> refusedOn = new java.util.TreeSet<>();
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                for (int i = 0; i < 4 * limit && refusedOn.size() < 2; i++) {
                    KeycloakNode node = i % 2 == 0 ? a : b;
                    HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(node.baseUrl() + "/realms/demo/gatehouse-api-keys/validate"))
                            .header("X-API-Key", key).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        accepted++;
                    } else {
                        assertEquals(429, r.statusCode(), r.body());
                        assertTrue(r.body().contains("\"rate_limited\""), r.body());
                        assertTrue(r.headers().firstValue("Retry-After").isPresent());
                        refusedOn.add(node.name());
                    }
                }
            }
            if (System.currentTimeMillis() / 60_000 != minute) {
                continue;
            }
            assertEquals(limit, accepted, "the limit for the whole cluster, not per node");
            assertEquals(java.util.Set.of(a.name(), b.name()), refusedOn, "refused on both nodes");
            return;
        }
        throw new AssertionError("every attempt crossed a minute boundary");
    }

    /**
     * A service account's key has no credential (Keycloak allows none for service accounts), so nothing in
     * Keycloak's user cache tells node B it was revoked on node A: the revocation's marker in the replicated
     * single-use store does, at once, though B holds the key in its cache (cacheSeconds 10 by default).
     */
    @Test
    void aServiceAccountsKeyRevokedOnNodeAIsRefusedOnNodeBAtOnce() throws Exception {
        HttpResponse<String> client = a.admin().call("POST", "/realms/demo/clients", Map.of("clientId", "cluster-sa",
                "serviceAccountsEnabled", true, "publicClient", false, "standardFlowEnabled", false));
        assertEquals(201, client.statusCode(), client.body());
        String clientUuid = a.admin().get("/realms/demo/clients?clientId=cluster-sa").get(0).get("id").asText();
        String saUser = a.admin().get("/realms/demo/clients/" + clientUuid + "/service-account-user").get("id").asText();
        HttpResponse<String> created = a.admin().call("POST", "/realms/demo/gatehouse-api-keys/users/" + saUser + "/keys",
                Map.of("name", "cluster-sa", "roles", List.of()));
        assertTrue(created.statusCode() == 200 || created.statusCode() == 201, created.body());
        com.fasterxml.jackson.databind.JsonNode body = dev.gatehouse.testsupport.Json.parse(created.body());
        String key = body.get("key").asText();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpRequest onB = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(b.baseUrl() + "/realms/demo/gatehouse-api-keys/validate"))
                    .header("X-API-Key", key).GET().build();
            assertEquals(200, http.send(onB, HttpResponse.BodyHandlers.ofString()).statusCode(), "cached on B now");
            HttpResponse<String> revoked = a.admin().call("DELETE",
                    "/realms/demo/gatehouse-api-keys/keys/" + body.get("id").asText(), null);
            assertTrue(revoked.statusCode() == 204 || revoked.statusCode() == 200, revoked.body());
            HttpResponse<String> after = http.send(onB, HttpResponse.BodyHandlers.ofString());
            assertEquals(401, after.statusCode(), after.body());
            assertTrue(after.body().contains("\"revoked\""), after.body());
        }
    }

    /**
     * A secret cached on both nodes, then rotated in Secrets Manager (and at the mail server, which checks it):
     * node B keeps serving the old one from its cache until the flush asked of node A reaches it through Keycloak's
     * cluster; B's very next lookup then fetches the new one.
     */
    @Test
    void aSecretFlushedOnNodeAIsFetchedAgainOnNodeBAtOnce() throws Exception {
        String first = "first-" + System.nanoTime();
        String second = "second-" + System.nanoTime();
        GreenMail mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        var rotor = mail.setUser("rotor@gatehouse.test", "rotor", first);
        mail.start();
        try {
            aws.put("keycloak/demo/cluster-smtp", first);
            String adminId = a.admin().userId("master", KeycloakNode.ADMIN_USER);
            a.admin().call("PUT", "/realms/master/users/" + adminId, Map.of("email", "admin@example.com"));
            Map<String, Object> settings = new java.util.HashMap<>(Map.of("host", "127.0.0.1",
                    "port", String.valueOf(mail.getSmtp().getPort()), "from", "noreply@gatehouse.test", "auth", "true",
                    "user", "rotor", "password", "${vault.cluster-smtp}", "ssl", "false", "starttls", "false"));
            assertEquals(204, a.admin().call("POST", "/realms/demo/testSMTPConnection", settings).statusCode(), "cached on A");
            assertEquals(204, b.admin().call("POST", "/realms/demo/testSMTPConnection", settings).statusCode(), "cached on B");

            aws.put("keycloak/demo/cluster-smtp", second);
            rotor.setPassword(second);
            assertTrue(b.admin().call("POST", "/realms/demo/testSMTPConnection", settings).statusCode() >= 400,
                    "B still serves its cached first password");

            HttpResponse<String> flushed = a.admin().call("POST", "/realms/demo/gatehouse-vault/flush?reference=cluster-smtp", null);
            assertEquals(200, flushed.statusCode(), flushed.body());
            com.fasterxml.jackson.databind.JsonNode out = dev.gatehouse.testsupport.Json.parse(flushed.body());
            assertEquals(1, out.get("droppedOnThisNode").asInt(), out.toString());
            assertTrue(out.get("clusterNotified").asBoolean(), out.toString());
            int calls = aws.getCalls();
            // No waiting: the event has reached B by the time A answers.
            HttpResponse<String> onB = b.admin().call("POST", "/realms/demo/testSMTPConnection", settings);
            assertEquals(204, onB.statusCode(), "B fetched the rotated password: " + onB.body());
            assertTrue(aws.getCalls() > calls, "B read Secrets Manager again");
            assertTrue(b.awaitLog(Pattern.compile(Pattern.quote("gatehouse vault: flushed ${vault.cluster-smtp} of realm demo on request of node ")
                    + ".*\\(1 cached entries dropped\\)"), Duration.ofSeconds(10)), "B logs the flush it was asked for");
            assertEquals(204, a.admin().call("POST", "/realms/demo/testSMTPConnection", settings).statusCode(), "and A too");
        } finally {
            mail.stop();
        }
    }

    /** The login form's action for a sign-in on this node (the page names the frontend URL, node A's). */
    static String formActionOn(KeycloakNode node, OidcBrowser browser) {
        String action = browser.authorize(node.baseUrl(), "demo").formAction();
        assertTrue(action.startsWith(a.baseUrl()), action);
        return node.baseUrl() + action.substring(a.baseUrl().length());
    }

    @Test
    void logoutOnNodeBEndsTheSessionOnNodeA() {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens onA = browser.signIn(a.baseUrl(), "demo", "bob", "bob");

        assertEquals(204, browser.logout(b.baseUrl(), "demo", onA.refreshToken()).statusCode());

        HttpResponse<String> refreshOnA = browser.refresh(a.baseUrl(), "demo", onA.refreshToken());
        assertEquals(400, refreshOnA.statusCode(), refreshOnA.body());
        assertTrue(refreshOnA.body().contains("invalid_grant"), refreshOnA.body());
    }

    /**
     * Wrong passwords for one user, alternating between the nodes: the evaluator runs on one node at a time over
     * the one sealed log, so the burst raises exactly one alert, seen the same from both nodes.
     */
    @Test
    void aBurstOnBothNodesRaisesOneAlert() throws Exception {
        Accounts.create(a.adminClient().realm("demo"), PartialImportRepresentation.Policy.SKIP,
                List.of(Accounts.user("cluster-burst", "cluster-burst@example.com", true, Accounts.password("cluster"))));
        String user = a.admin().userId("demo", "cluster-burst");
        for (int i = 0; i < 8; i++) {
            OidcBrowser browser = new OidcBrowser("demo-app", java.net.InetAddress.getByName("127.0.0.41"));
            KeycloakNode node = i % 2 == 0 ? a : b;
            browser.submit(formActionOn(node, browser), Map.of("username", "cluster-burst", "password", "wrong", "credentialId", ""));
        }
        long alerts = 0;
        for (int i = 0; i < 150 && alerts == 0; i++) {
            Thread.sleep(200);
            alerts = failedLoginAlerts(a, user);
        }
        assertEquals(1, alerts, "no alert in 30 s");
        // Every node's evaluator has had several turns since: still one, on both nodes.
        Thread.sleep(6000);
        assertEquals(1, failedLoginAlerts(a, user));
        assertEquals(1, failedLoginAlerts(b, user));
    }

    static long failedLoginAlerts(KeycloakNode node, String user) {
        HttpResponse<String> r = node.admin().call("GET", "/realms/demo/gatehouse-audit/alerts/fired?max=1000", null);
        assertEquals(200, r.statusCode(), r.body());
        long n = 0;
        for (var alert : dev.gatehouse.testsupport.Json.parse(r.body())) {
            if (alert.get("rule").asText().equals("builtin-failed-logins-user") && user.equals(alert.path("group").asText())) {
                n++;
            }
        }
        return n;
    }
}
