package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.VerifierCli;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit listener on the real server: events recorded, sealed, signed, exported and verified offline. */
class AuditLogIT {

    /** As written in a shell: Keycloak's config expands ${…} itself, so a literal reference is escaped with $$. */
    static final String VAULT_KEY = "$${vault.audit-signing-seed}";

    static KeycloakNode server;
    static AdminApi admin;

    @BeforeAll
    static void start() throws Exception {
        // The signing key comes from Keycloak's file vault, resolved in the master realm (file master_<name>).
        Path vault = Files.createDirectories(BuildInfo.workDir().resolve("audit-it").resolve("vault"));
        Files.writeString(vault.resolve("master_audit-signing-seed"), KeycloakNode.newAuditSeed());
        server = KeycloakNode.fresh("audit")
                .withProviders(BuildInfo.providersDir())
                .withImport(BuildInfo.realmConfig("demo"))
                .startDev("--import-realm", "--vault=file", "--vault-dir=" + vault,
                        "--spi-events-listener--gatehouse-audit--signing-key=" + VAULT_KEY,
                        "--spi-events-listener--gatehouse-audit--seal-interval=500",
                        "--spi-events-listener--gatehouse-audit--heartbeat-interval=1000");
        admin = server.admin();
        DemoUsers.bobWithPasswordOnly(server.adminClient().realm("demo"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static String get(String path) {
        HttpResponse<String> r = admin.call("GET", "/realms/demo/gatehouse-audit/" + path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    /** Export lines once every expected fragment is sealed and the newest checkpoint covers all lines. */
    static List<String> sealedExport(String... expected) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            // Checkpoints first, then the export: the export then always reaches the newest checkpoint.
            List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
            List<String> lines = get("export").lines().toList();
            String all = String.join("\n", lines);
            if (java.util.Arrays.stream(expected).allMatch(all::contains) && !notes.isEmpty()
                    && Checkpoint.parse(SignedNote.Verifier.parse(get("public-key")).open(notes.get(notes.size() - 1))).size() == lines.size()) {
                return lines;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the log was not sealed in time");
    }

    /** This server runs Keycloak's file vault with the pack installed: the vault admin REST says so, not a 500. */
    @Test
    void vaultAdminRestAnswers409WhenAnotherVaultIsActive() {
        for (String[] call : new String[][] {{"POST", "/realms/demo/gatehouse-vault/flush"}, {"GET", "/realms/demo/gatehouse-vault/inventory"}}) {
            java.net.http.HttpResponse<String> r = admin.call(call[0], call[1], null);
            assertEquals(409, r.statusCode(), call[1] + ": " + r.body());
            assertTrue(r.body().contains("\"vault_not_active\""), r.body());
        }
    }

    @Test
    void signInsAndAdminChangesAreSealedSignedAndVerifyOffline() throws Exception {
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        OidcBrowser failing = new OidcBrowser("demo-app");
        failing.submit(failing.authorize(server.baseUrl(), "demo").formAction(), Map.of("username", "bob", "password", "wrong"));
        String bob = admin.userId("demo", "bob");
        assertEquals(204, admin.call("PUT", "/realms/demo/users/" + bob, Map.of("firstName", "Robert")).statusCode());

        List<String> lines = sealedExport("\"type\":\"LOGIN\"", "\"type\":\"LOGIN_ERROR\"", "\"operation\":\"UPDATE\"");
        String all = String.join("\n", lines);
        assertTrue(all.contains("\"type\":\"LOGIN\""), all);
        assertTrue(all.contains("\"type\":\"LOGIN_ERROR\""), "failed logins are recorded too");
        assertTrue(all.contains("\"kind\":\"admin\"") && all.contains("\"operation\":\"UPDATE\""), "admin changes are recorded");
        assertFalse(all.contains("Robert"), "an admin record keeps a hash of the representation, not its content");

        SignedNote.Verifier key = SignedNote.Verifier.parse(get("public-key"));
        List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
        lines = get("export").lines().toList();
        ExportVerifier.Result ok = ExportVerifier.verify(lines, notes, key, null);
        assertTrue(ok.ok(), ok.toString());

        // One changed byte in the export: the verifier names the record.
        List<String> tampered = new ArrayList<>(lines);
        tampered.set(1, tampered.get(1).replace("\"kind\":\"", "\"kind\":\"x"));
        ExportVerifier.Result bad = ExportVerifier.verify(tampered, notes, key, null);
        assertEquals(ExportVerifier.Failure.MODIFIED, bad.failure(), bad.toString());
        assertEquals(2, bad.record(), bad.toString());

        // Checkpoints also reach the server log, outside the database.
        assertTrue(server.logMatches(java.util.regex.Pattern.compile("gatehouse-audit checkpoint gatehouse/audit/demo")));
    }

    @Test
    void idleLogGetsHeartbeatCheckpoints() throws Exception {
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        sealedExport("\"type\":\"CODE_TO_TOKEN\"");
        int before = VerifierCli.splitNotes(get("checkpoints")).size();
        Thread.sleep(3000);
        List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
        assertTrue(notes.size() > before, "no heartbeat checkpoint in 3 s: " + before + " -> " + notes.size());
        List<String> lines = get("export").lines().toList();
        ExportVerifier.Result r = ExportVerifier.verify(lines, notes, SignedNote.Verifier.parse(get("public-key")), null);
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void exportNeedsAnAdminWhoMayViewEvents() throws Exception {
        OidcBrowser.Tokens bob = new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/admin/realms/demo/gatehouse-audit/export"))
                .header("Authorization", "Bearer " + bob.accessToken()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 401 || r.statusCode() == 403, r.statusCode() + " " + r.body());
    }

    static JsonNode json(String method, String path, Object body, int status) {
        HttpResponse<String> r = admin.call(method, "/realms/demo/gatehouse-audit/" + path, body);
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return Json.parse(r.body());
    }

    @Test
    void recordsCanBeFilteredAndPaged() throws Exception {
        OidcBrowser failing = new OidcBrowser("demo-app");
        failing.submit(failing.authorize(server.baseUrl(), "demo").formAction(), Map.of("username", "bob", "password", "nope"));
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        String bob = admin.userId("demo", "bob");

        JsonNode logins = json("GET", "records?type=LOGIN&outcome=success&user=" + bob + "&max=1", null, 200);
        assertEquals(1, logins.size(), logins.toString());
        assertEquals(bob, logins.get(0).get("user").asText());
        assertEquals("demo-app", logins.get(0).get("client").asText());
        assertFalse(logins.get(0).get("node").asText().isEmpty(), "each record names the Keycloak node");

        JsonNode errors = json("GET", "records?outcome=error&type=LOGIN_ERROR&client=demo-app", null, 200);
        assertFalse(errors.isEmpty());
        errors.forEach(e -> assertEquals("invalid_user_credentials", e.get("error").asText(), e.toString()));

        JsonNode two = json("GET", "records?max=2", null, 200);
        JsonNode second = json("GET", "records?first=1&max=1", null, 200);
        assertEquals(2, two.size());
        assertEquals(two.get(1).get("id").asText(), second.get(0).get("id").asText(), "pages are stable, newest first");
        assertEquals(0, json("GET", "records?from=" + (System.currentTimeMillis() + 3_600_000), null, 200).size());
        assertFalse(json("GET", "records?from=2020-01-01&to=2999-01-01T00:00:00Z&ip=127.0.0.1", null, 200).isEmpty());

        // Bad input is a 400 that says what is wrong, never a 500.
        for (String bad : List.of("outcome=maybe", "max=5000", "first=-1", "from=yesterday")) {
            HttpResponse<String> r = admin.call("GET", "/realms/demo/gatehouse-audit/records?" + bad, null);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("errorMessage"), r.body());
        }
    }

    /** Finding 9: a far-out date was an ArithmeticException (HTTP 500); now a 400 that names the parameter. */
    @Test
    void datesOutOfRangeAreA400NamingTheParameter() {
        for (String name : List.of("from", "to")) {
            for (String value : List.of("%2B1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z")) {
                HttpResponse<String> r = admin.call("GET", "/realms/demo/gatehouse-audit/records?" + name + "=" + value, null);
                assertEquals(400, r.statusCode(), name + "=" + value + ": " + r.body());
                assertTrue(r.body().contains("errorMessage") && r.body().contains(name), r.body());
            }
        }
    }

    /** Finding 9: a bare date as {@code to} means the end of that day (inclusive), as {@code from} means its start. */
    @Test
    void aBareDateCoversTheWholeDay() throws Exception {
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        JsonNode sameDay = json("GET", "records?type=LOGIN&from=" + today + "&to=" + today, null, 200);
        assertFalse(sameDay.isEmpty(), "to=" + today + " includes the records of " + today);
        String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        assertEquals(0, json("GET", "records?type=LOGIN&to=" + yesterday, null, 200).size(), "nothing happened before today");
    }

    @Test
    void adminRecordsCarryTheRequestCorrelationId() throws Exception {
        String bob = admin.userId("demo", "bob");
        HttpResponse<String> r = admin.call("PUT", "/realms/demo/users/" + bob, Map.of("lastName", "Correlated"),
                Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assertEquals(204, r.statusCode(), r.body());
        JsonNode updates = json("GET", "records?type=UPDATE&max=1", null, 200);
        assertEquals("0af7651916cd43dd8448eb211c80319c", updates.get(0).get("correlationId").asText(), updates.toString());
        assertEquals("users/" + bob, updates.get(0).get("resourcePath").asText());
    }

    @Test
    void csvExportIsStreamedWithAHeaderAndBadFormatsAreRefused() throws Exception {
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        sealedExport("\"type\":\"CODE_TO_TOKEN\"");
        HttpResponse<String> csv = admin.call("GET", "/realms/demo/gatehouse-audit/export?format=csv", null);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        List<String> rows = csv.body().lines().toList();
        assertEquals(String.join(",", dev.gatehouse.audit.AuditLines.CSV_COLUMNS), rows.get(0));
        assertTrue(rows.stream().anyMatch(row -> row.matches("^\\d+,\\d{4}-.*,user,LOGIN,.*")), csv.body());
        assertEquals(400, admin.call("GET", "/realms/demo/gatehouse-audit/export?format=xml", null).statusCode());
    }

    @Test
    void verifyEndpointChecksTheDatabaseAndNeedsManageEvents() throws Exception {
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        sealedExport("\"type\":\"CODE_TO_TOKEN\"");
        JsonNode ok = json("POST", "verify", Map.of(), 200);
        assertEquals("ok", ok.get("status").asText(), ok.toString());
        assertTrue(ok.get("signed").asBoolean());
        assertTrue(ok.get("recordsChecked").asLong() > 0);

        List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
        JsonNode sinceTrusted = json("POST", "verify", Map.of("trustedCheckpoint", notes.get(notes.size() - 1)), 200);
        assertEquals("ok", sinceTrusted.get("status").asText(), sinceTrusted.toString());
        assertEquals(400, admin.call("POST", "/realms/demo/gatehouse-audit/verify", Map.of("trustedCheckpoint", "forged\n")).statusCode());

        OidcBrowser.Tokens bob = new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/admin/realms/demo/gatehouse-audit/verify"))
                .header("Authorization", "Bearer " + bob.accessToken()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 401 || r.statusCode() == 403, r.statusCode() + " " + r.body());
    }

    /** An admin change that fails at commit rolls back with its record: the log never claims what didn't happen. */
    @Test
    void failedAdminOperationLeavesNoRecord() throws Exception {
        JsonNode client = admin.get("/realms/demo/clients?clientId=demo-app").get(0);
        String path = "/realms/demo/clients/" + client.get("id").asText();
        java.util.Map<String, Object> rep = Json.MAPPER.convertValue(client, java.util.Map.class);

        rep.put("description", "x".repeat(300)); // the DESCRIPTION column holds 255: the commit fails
        HttpResponse<String> failed = admin.call("PUT", path, rep);
        assertTrue(failed.statusCode() >= 400, "the oversized update must fail: " + failed.statusCode());
        rep.put("description", "rollback-check");
        assertEquals(204, admin.call("PUT", path, rep).statusCode());

        String resource = "clients/" + client.get("id").asText();
        List<String> lines = sealedExport("\"resourcePath\":\"" + resource + "\"");
        long updates = lines.stream().filter(l -> l.contains("\"resourcePath\":\"" + resource + "\"") && l.contains("\"operation\":\"UPDATE\"")).count();
        assertEquals(1, updates, "only the committed update is recorded");
        assertEquals("rollback-check", admin.get(path).get("description").asText());
    }

    @Test
    void metricsAreOnKeycloaksMetricsEndpoint() throws Exception {
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        sealedExport("\"type\":\"CODE_TO_TOKEN\"");
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.managementUrl() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (String m : List.of("gatehouse_audit_records_appended_total{kind=\"user\",outcome=\"success\"}",
                "gatehouse_audit_records_sealed_total", "gatehouse_audit_unsealed_records", "gatehouse_audit_seal_lag_seconds",
                "gatehouse_audit_last_checkpoint_age_seconds")) {
            assertTrue(metrics.contains(m), m + " missing from /metrics");
        }
    }

    /** A sign-in in a real browser lands in the log, and the sealed log still verifies offline. */
    @Test
    void browserSignInIsRecordedAndTheLogVerifies() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            org.openqa.selenium.WebDriver driver = chromium.driver();
            driver.get(server.baseUrl() + "/realms/demo/account");
            chromium.waitFor(d -> !d.findElements(org.openqa.selenium.By.id("username")).isEmpty());
            driver.findElement(org.openqa.selenium.By.id("username")).sendKeys("bob");
            driver.findElement(org.openqa.selenium.By.id("password")).sendKeys("bob");
            driver.findElement(org.openqa.selenium.By.id("kc-login")).click();
            chromium.waitFor(d -> d.findElements(org.openqa.selenium.By.id("email")).stream()
                    .anyMatch(e -> "bob@example.com".equals(e.getDomProperty("value"))));
        }
        String bob = admin.userId("demo", "bob");
        List<String> lines = sealedExport("\"client\":\"account-console\"");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"client\":\"account-console\"") && l.contains("\"type\":\"LOGIN\"")
                && l.contains("\"user\":\"" + bob + "\"")), "the browser's sign-in is a LOGIN record of bob in account-console");
        List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
        lines = get("export").lines().toList();
        ExportVerifier.Result r = ExportVerifier.verify(lines, notes, SignedNote.Verifier.parse(get("public-key")), null);
        assertTrue(r.ok(), r.toString());
    }

    /**
     * Proofs for monitors on the real server: past 256 records the sealer's stored nodes are used; the REST proofs
     * equal the reference proofs over the export, the offline CLI verifies them, and tampering is exit 1.
     */
    @Test
    void inclusionAndConsistencyProofsVerifyOfflineAndTamperedOnesFail(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        SignedNote.Verifier key = SignedNote.Verifier.parse(get("public-key"));
        Path keyFile = Files.writeString(dir.resolve("verifier.key"), get("public-key"));
        new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        List<String> early = sealedExport("\"type\":\"CODE_TO_TOKEN\"");
        String bob = admin.userId("demo", "bob");
        for (int i = 0; i < 300; i++) {
            assertEquals(204, admin.call("PUT", "/realms/demo/users/" + bob, Map.of("lastName", "Proof" + i)).statusCode());
        }
        for (int i = 0; i < 100 && sealedExport().size() < early.size() + 300; i++) {
            Thread.sleep(200);
        }
        List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
        List<String> lines = get("export").lines().toList();
        List<byte[]> leaves = lines.stream().map(l -> dev.gatehouse.audit.MerkleTree.leafHash(l.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toList();
        long newest = Checkpoint.parse(key.open(notes.get(notes.size() - 1))).size();
        assertTrue(newest >= 300, "records: " + newest);
        long older = early.size();

        // Inclusion by seq against the newest checkpoint, and against an older one.
        for (long[] c : new long[][] {{1, newest}, {newest, newest}, {older, older}, {older, newest}, {newest - 137, newest}}) {
            // Always name the size: records written since the export (the test's own reads among them) may have
            // been sealed into a newer checkpoint, which is what a proof without a size answers against.
            String body = get("proofs/inclusion?seq=" + c[0] + "&size=" + c[1]);
            JsonNode p = Json.parse(body);
            assertEquals(c[0], p.get("seq").asLong());
            assertEquals(c[1], p.get("treeSize").asLong());
            assertEquals(lines.get((int) c[0] - 1), p.get("line").asText());
            List<String> expected = dev.gatehouse.audit.MerkleTree.inclusionProof(leaves, (int) c[0] - 1, (int) c[1]).stream()
                    .map(h -> java.util.Base64.getEncoder().encodeToString(h)).toList();
            List<String> proof = new ArrayList<>();
            p.get("proof").forEach(n -> proof.add(n.asText()));
            assertEquals(expected, proof, "inclusion of " + c[0] + " in " + c[1]);
            Path file = Files.writeString(dir.resolve("inclusion.json"), body);
            assertEquals(0, VerifierCli.run(new String[] {"--inclusion", file.toString(), "--key", keyFile.toString()}), body);
        }

        // By leaf hash (URL-encoded base64); a changed line or proof fails offline.
        JsonNode record = Json.parse(get("proofs/inclusion?seq=" + (newest - 5)));
        String byLeaf = get("proofs/inclusion?leaf=" + AdminApi.enc(record.get("leafHash").asText()));
        assertEquals(newest - 5, Json.parse(byLeaf).get("seq").asLong());
        com.fasterxml.jackson.databind.node.ObjectNode changed = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(byLeaf);
        changed.put("line", changed.get("line").asText().replace("\"kind\":\"admin\"", "\"kind\":\"user\""));
        assertTrue(!changed.get("line").asText().equals(Json.parse(byLeaf).get("line").asText()), byLeaf);
        Path file = Files.writeString(dir.resolve("inclusion.json"), Json.MAPPER.writeValueAsString(changed));
        assertEquals(1, VerifierCli.run(new String[] {"--inclusion", file.toString(), "--key", keyFile.toString()}), "a changed line");
        String firstHash = Json.parse(byLeaf).get("proof").get(0).asText();
        String other = java.util.Base64.getEncoder().encodeToString(leaves.get(0));
        Files.writeString(file, byLeaf.replace(firstHash, other.equals(firstHash) ? java.util.Base64.getEncoder().encodeToString(leaves.get(1)) : other));
        assertEquals(1, VerifierCli.run(new String[] {"--inclusion", file.toString(), "--key", keyFile.toString()}), "a changed proof");

        // Consistency from the early checkpoint to the newest, then chained with --state.
        String consistency = get("proofs/consistency?from=" + older + "&to=" + newest);
        JsonNode c = Json.parse(consistency);
        assertEquals(newest, c.get("to").asLong());
        List<String> expected = dev.gatehouse.audit.MerkleTree.consistencyProof(leaves, (int) older, (int) newest).stream()
                .map(h -> java.util.Base64.getEncoder().encodeToString(h)).toList();
        List<String> proof = new ArrayList<>();
        c.get("proof").forEach(n -> proof.add(n.asText()));
        assertEquals(expected, proof);
        Path state = dir.resolve("accepted.txt");
        Files.writeString(state, older + " " + java.util.Base64.getEncoder().encodeToString(dev.gatehouse.audit.MerkleTree.root(leaves, (int) older)) + "\n");
        file = Files.writeString(dir.resolve("consistency.json"), consistency);
        assertEquals(0, VerifierCli.run(new String[] {"--consistency", file.toString(), "--key", keyFile.toString(), "--state", state.toString()}));
        assertTrue(Files.readString(state).startsWith(newest + " "), Files.readString(state));
        Files.writeString(file, consistency.replace(proof.get(0), other.equals(proof.get(0)) ? java.util.Base64.getEncoder().encodeToString(leaves.get(1)) : other));
        assertEquals(1, VerifierCli.run(new String[] {"--consistency", file.toString(), "--key", keyFile.toString()}), "a changed proof");

        // Bad parameters: a 400 naming the parameter, never echoing it; unknown records: 404.
        for (String bad : List.of("inclusion?seq=abc%3Cscript%3E", "inclusion?seq=0", "inclusion?seq=1&leaf=AAAA", "inclusion",
                "inclusion?leaf=not-a-hash%3Cscript%3E", "inclusion?seq=1&size=" + (newest + 1000), "inclusion?seq=" + newest + "&size=" + older,
                "consistency", "consistency?from=" + newest + "&to=" + older, "consistency?from=-1", "consistency?from=" + (newest + 1000))) {
            HttpResponse<String> r = admin.call("GET", "/realms/demo/gatehouse-audit/proofs/" + bad, null);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertFalse(r.body().contains("script") || r.body().contains("abc"), r.body());
        }
        assertEquals(404, admin.call("GET", "/realms/demo/gatehouse-audit/proofs/inclusion?seq=99999999", null).statusCode());
        String unknownLeaf = AdminApi.enc(java.util.Base64.getEncoder().encodeToString(new byte[32]));
        assertEquals(404, admin.call("GET", "/realms/demo/gatehouse-audit/proofs/inclusion?leaf=" + unknownLeaf, null).statusCode());

        OidcBrowser.Tokens user = new OidcBrowser("demo-app").signIn(server.baseUrl(), "demo", "bob", "bob");
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/admin/realms/demo/gatehouse-audit/proofs/consistency?from=1"))
                .header("Authorization", "Bearer " + user.accessToken()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 401 || r.statusCode() == 403, r.statusCode() + " " + r.body());
    }
}
