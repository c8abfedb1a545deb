package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.VerifierCli;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit listener on the real server: events recorded, sealed, signed, exported and verified offline. */
class AuditLogIT {

    static KeycloakNode server;
    static AdminApi admin;

    @BeforeAll
    static void start() throws Exception {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Path key = Files.createDirectories(BuildInfo.workDir().resolve("audit-it")).resolve("signing.seed");
        Files.writeString(key, Base64.getEncoder().encodeToString(seed));
        server = KeycloakNode.fresh("audit")
                .withProviders(BuildInfo.providersDir())
                .withImport(BuildInfo.realmConfig("demo"))
                .startDev("--import-realm",
                        "--spi-events-listener--gatehouse-audit--signing-key-file=" + key,
                        "--spi-events-listener--gatehouse-audit--seal-interval=500",
                        "--spi-events-listener--gatehouse-audit--heartbeat-interval=1000");
        admin = server.admin();
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
            List<String> lines = get("export").lines().toList();
            List<String> notes = VerifierCli.splitNotes(get("checkpoints"));
            String all = String.join("\n", lines);
            if (java.util.Arrays.stream(expected).allMatch(all::contains) && !notes.isEmpty()
                    && Checkpoint.parse(SignedNote.Verifier.parse(get("public-key")).open(notes.get(notes.size() - 1))).size() == lines.size()) {
                return lines;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the log was not sealed in time");
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
}
