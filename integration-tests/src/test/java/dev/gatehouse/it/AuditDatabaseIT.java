package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.VerifierCli;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.PostgresDatabase;
import dev.gatehouse.testsupport.TcpProxy;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit log against PostgreSQL, as an attacker with database rights and as an outage would treat it: each
 * tamper kind done in the tables is named by the verify endpoint; proof nodes missing from an old log are
 * backfilled, and not over a changed leaf; a database cut mid-seal loses nothing; retention prunes under a signed
 * checkpoint and the log still verifies. Keycloak reaches the database through a {@link TcpProxy} the test can cut.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditDatabaseIT {

    static final String SCHEMA = "gatehouse_audit_it";
    static final String RECORDS = SCHEMA + ".gatehouse_audit_record";
    static final String CHECKPOINTS = SCHEMA + ".gatehouse_audit_checkpoint";
    static final String NODES = SCHEMA + ".gatehouse_audit_node";
    static final String HEADS = SCHEMA + ".gatehouse_audit_head";
    /** Leaves per backfill step: small, so a few thousand records take several steps (the default is 65,536). */
    static final int BACKFILL_STEP = 1000;

    static PostgresDatabase pg;
    @AutoClose
    static TcpProxy proxy;
    @AutoClose
    static KeycloakNode node;
    static AdminApi admin;
    static String realmId;
    static List<String> baseOptions;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresDatabase.fromEnvironment().assumeAvailable();
        pg.recreateSchema(SCHEMA);
        proxy = new TcpProxy(pg.host(), pg.port());

        node = KeycloakNode.copyOf("audit-db", KeycloakNode.builtForPostgres("audit-db-template")).withImport(BuildInfo.realmConfig("demo"));
        baseOptions = new ArrayList<>(pg.via("127.0.0.1", proxy.port()).keycloakOptions(SCHEMA));
        baseOptions.addAll(List.of("--optimized", "--hostname-strict=false", "--spi-cache-embedded--default--node-name=audit-db-node",
                "--spi-events-listener--gatehouse-audit--signing-key-file=" + KeycloakNode.newAuditSigningKey("audit-db-it"),
                "--spi-events-listener--gatehouse-audit--seal-interval=500",
                "--spi-events-listener--gatehouse-audit--heartbeat-interval=3600000",
                "--spi-events-listener--gatehouse-audit--proof-backfill-step=" + BACKFILL_STEP));
        List<String> first = new ArrayList<>(baseOptions);
        first.add("--import-realm");
        node.startProduction(first.toArray(String[]::new));
        admin = node.admin();
        realmId = node.adminClient().realm("demo").toRepresentation().getId();
        DemoUsers.bobWithPasswordOnly(node.adminClient().realm("demo"));

        // Sealed after each sign-in, so there are checkpoints of several sizes (the rollback test needs an older one);
        // three sign-ins inside one seal interval would leave a single checkpoint.
        for (int i = 0; i < 3; i++) {
            new OidcBrowser("demo-app").signIn(node.baseUrl(), "demo", "bob", "bob");
            awaitAllSealed();
        }
        backup();
        JsonNode latest = admin.get("/realms/demo/gatehouse-audit/records?max=1").get(0);
        assertEquals("audit-db-node", latest.get("node").asText(), "records name Keycloak's node");
    }

    static Connection db() throws SQLException {
        return pg.connect(); // directly, not through the proxy
    }

    /** Inserts n unsealed LOGIN records straight into the table, as if n sign-ins had just been recorded. */
    static void insertUnsealed(Connection c, String table, String realmId, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + table
                + " (id, realm_id, created, payload, kind, event_type, user_id, client_id, ip_address) values (?, ?, ?, ?, 'user', 'LOGIN', ?, 'demo-app', '127.0.0.1')")) {
            c.setAutoCommit(false);
            long now = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("kind", "user");
                r.put("id", UUID.randomUUID().toString());
                r.put("time", now + i);
                r.put("realm", realmId);
                r.put("type", "LOGIN");
                r.put("user", "load-" + i);
                r.put("client", "demo-app");
                r.put("ip", "127.0.0.1");
                ps.setString(1, (String) r.get("id"));
                ps.setString(2, realmId);
                ps.setLong(3, now + i);
                ps.setString(4, new String(CanonicalJson.encode(r), StandardCharsets.UTF_8));
                ps.setString(5, "load-" + i);
                ps.addBatch();
                if (i % 10_000 == 9_999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    static long count(String where) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from " + RECORDS + " where realm_id = '" + realmId + "' and " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    static long scalar(String query) throws SQLException {
        return Long.parseLong(queryString(query));
    }

    static String queryString(String query) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Waits until every record is sealed and the log verifies; returns that verification. */
    static JsonNode awaitAllSealed() throws Exception {
        for (int i = 0; i < 300; i++) {
            if (count("seq is null") == 0 && count("seq is not null") > 0) {
                try {
                    JsonNode v = verify(null);
                    if ("ok".equals(v.path("status").asText()) && v.get("recordsChecked").asLong() == count("seq is not null")) {
                        return v;
                    }
                } catch (AssertionError | IllegalStateException e) {
                    // right after an outage Keycloak may fail a request or two while its pool reconnects
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the log was not sealed in time: " + count("seq is null") + " unsealed");
    }

    static JsonNode verify(String trustedCheckpoint) {
        Map<String, Object> body = trustedCheckpoint == null ? Map.of() : Map.of("trustedCheckpoint", trustedCheckpoint);
        HttpResponse<String> r = admin.call("POST", "/realms/demo/gatehouse-audit/verify", body);
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    /** Runs statements as an attacker with database rights would: past the append-only trigger. */
    static void sql(String... statements) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("select set_config('gatehouse.audit_retention', 'on', true)");
            // Hold the realm's head as the sealer does, so no seal (of a verify call's own record) lands between statements.
            s.execute("select 1 from " + HEADS + " where realm_id = '" + realmId + "' for update");
            for (String st : statements) {
                s.execute(st.replace("$REALM", "'" + realmId + "'"));
            }
            c.commit();
        }
    }

    static void backup() throws SQLException {
        sql("drop table if exists " + SCHEMA + ".rec_backup", "drop table if exists " + SCHEMA + ".cp_backup",
                "drop table if exists " + SCHEMA + ".head_backup", "drop table if exists " + SCHEMA + ".node_backup",
                "create table " + SCHEMA + ".rec_backup as select * from " + RECORDS,
                "create table " + SCHEMA + ".cp_backup as select * from " + CHECKPOINTS,
                "create table " + SCHEMA + ".head_backup as select * from " + HEADS,
                "create table " + SCHEMA + ".node_backup as select * from " + NODES);
    }

    static void restore() throws SQLException {
        // The head too: verify calls write audit records (GATEHOUSE_AUDIT_VERIFY) after the backup, and a head left
        // at their size would seal the next record with a seq gap.
        sql("delete from " + RECORDS, "insert into " + RECORDS + " select * from " + SCHEMA + ".rec_backup",
                "delete from " + CHECKPOINTS, "insert into " + CHECKPOINTS + " select * from " + SCHEMA + ".cp_backup",
                "delete from " + HEADS, "insert into " + HEADS + " select * from " + SCHEMA + ".head_backup",
                "delete from " + NODES, "insert into " + NODES + " select * from " + SCHEMA + ".node_backup");
    }

    /**
     * The previous case's last verify wrote a record that the sealer seals in the background: wait for it, then
     * drop it, so no record is sealed between the tampering and the verify (under load it was, and turned a
     * truncation into a gap).
     */
    static void startFromTheBackup() throws Exception {
        for (int i = 0; i < 300 && count("seq is null") > 0; i++) {
            Thread.sleep(200);
        }
        restore();
    }

    static long sealedCount() throws SQLException {
        return count("seq is not null");
    }

    static Stream<Arguments> tampering() throws SQLException {
        long n = sealedCount();
        String realm = "realm_id = $REALM";
        return Stream.of(
                Arguments.of("modified", List.of("update " + RECORDS + " set line = replace(line, '\"kind\":\"user\"', '\"kind\":\"userx\"') where " + realm + " and seq = 2"),
                        ExportVerifier.Failure.MODIFIED, 2L),
                Arguments.of("deleted", List.of("delete from " + RECORDS + " where " + realm + " and seq = 3"),
                        ExportVerifier.Failure.DELETED, 3L),
                Arguments.of("inserted", List.of(
                        "update " + RECORDS + " set seq = -seq where " + realm + " and seq >= 3",
                        "update " + RECORDS + " set seq = -seq + 1 where " + realm + " and seq < 0",
                        "insert into " + RECORDS + " (id, realm_id, created, payload, seq, leaf_hash, line) select 'forged', realm_id, created, payload, 3, leaf_hash,"
                                + " replace(line, '\"type\":\"', '\"type\":\"X') from " + RECORDS + " where " + realm + " and seq = 4"),
                        ExportVerifier.Failure.INSERTED, 3L),
                Arguments.of("reordered", List.of(
                        "update " + RECORDS + " set seq = -seq where " + realm + " and seq in (3, 4)",
                        "update " + RECORDS + " set seq = case seq when -3 then 4 else 3 end where " + realm + " and seq < 0"),
                        ExportVerifier.Failure.REORDERED, 4L),
                Arguments.of("truncated", List.of("delete from " + RECORDS + " where " + realm + " and seq > " + (n - 2)),
                        ExportVerifier.Failure.TRUNCATED, n - 1),
                Arguments.of("forged checkpoint", List.of("update " + CHECKPOINTS + " set note = regexp_replace(note, '\\n[0-9]+\\n', E'\\n1\\n') "
                                + "where " + realm + " and tree_size = (select max(tree_size) from " + CHECKPOINTS + " where " + realm + ")"),
                        ExportVerifier.Failure.BAD_SIGNATURE, 0L));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void tamperingInTheDatabaseIsNamedByVerify(String name, List<String> statements, ExportVerifier.Failure kind, long record) throws Exception {
        try {
            startFromTheBackup();
            sql(statements.toArray(String[]::new));
            JsonNode v = verify(null);
            assertEquals("failed", v.get("status").asText(), v.toString());
            assertEquals(kind.name().toLowerCase(), v.at("/failure/kind").asText(), v.toString());
            assertEquals(record, v.at("/failure/record").asLong(), v.toString());
        } finally {
            restore();
        }
        assertEquals("ok", verify(null).get("status").asText(), "restored");
    }

    /** A restored backup (an older, internally consistent state) is caught by a verifier that remembers. */
    @Order(2)
    @Test
    void restoringAnOlderDatabaseIsRolledBack() throws Exception {
        List<String> notes = VerifierCli.splitNotes(admin.call("GET", "/realms/demo/gatehouse-audit/checkpoints", null).body());
        String trusted = notes.get(notes.size() - 1);
        String older = notes.get(0);
        long olderSize = Long.parseLong(older.split("\n")[1]);
        assertTrue(olderSize < sealedCount(), "need a checkpoint older than the newest");
        try {
            // A restored database has the head of its time too; without it, a verify call's own record (sealed in
            // between) would be sealed after the newer size and look like a deletion instead of a rollback.
            sql("delete from " + RECORDS + " where realm_id = $REALM and seq > " + olderSize,
                    "delete from " + CHECKPOINTS + " where realm_id = $REALM and tree_size > " + olderSize,
                    "delete from " + NODES + " where realm_id = $REALM",
                    "update " + HEADS + " set tree_size = " + olderSize + ", range_hashes = null, last_leaf = (select leaf_hash from "
                            + RECORDS + " where realm_id = $REALM and seq = " + olderSize + ") where realm_id = $REALM");
            assertEquals("ok", verify(null).get("status").asText(), "an older state is consistent in itself");
            JsonNode v = verify(trusted);
            assertEquals("rolled_back", v.at("/failure/kind").asText(), v.toString());
        } finally {
            restore();
        }
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(node.managementUrl() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("gatehouse_audit_verification_failures_total{kind=\"rolled_back\"}"), "failures are counted");
    }

    /**
     * A log sealed before proof nodes were kept (no node rows, backfill mark 0) gets its nodes back from the
     * backfill, in steps of at most BACKFILL_STEP leaves (or to the next checkpoint when none is nearer), and
     * serves the same proofs; with a changed leaf hash the backfill writes no node at all.
     */
    @Order(3)
    @Test
    void proofNodesOfALogSealedWithoutThemAreBackfilled() throws Exception {
        // Chunks sealed one at a time leave checkpoints closer together than a step, so the step size, not the
        // checkpoints, decides where steps end: four or more steps (one with the default size). 2,400 records also
        // give the proofs below more than 1,234 leaves; run before the outage case, so verify reads no 20,000 more.
        for (int chunk = 0; chunk < 4; chunk++) {
            try (Connection c = db()) {
                insertUnsealed(c, RECORDS, realmId, 600);
            }
            for (int i = 0; i < 300 && count("seq is null") > 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(0, count("seq is null"), "chunk " + chunk + " sealed");
        }
        long sealed = sealedCount();
        String realm = " where realm_id = '" + realmId + "'";
        long nodes = scalar("select count(*) from " + NODES + realm);
        assertTrue(nodes >= sealed / 256, nodes + " nodes for " + sealed + " records");
        List<String> notes = VerifierCli.splitNotes(admin.call("GET", "/realms/demo/gatehouse-audit/checkpoints", null).body());
        long oldest = Long.parseLong(notes.get(0).split("\n")[1]);
        long newest = Long.parseLong(notes.get(notes.size() - 1).split("\n")[1]);
        String inclusion = "/realms/demo/gatehouse-audit/proofs/inclusion?seq=1234&size=" + newest;
        String consistency = "/realms/demo/gatehouse-audit/proofs/consistency?from=" + oldest + "&to=" + newest;
        JsonNode inclusionBefore = admin.get(inclusion);
        JsonNode consistencyBefore = admin.get(consistency);
        String leaf5 = queryString("select leaf_hash from " + RECORDS + realm + " and seq = 5");

        // As an upgraded database has it, and with the leaf hash of record 5 changed: no node may be written.
        sql("update " + HEADS + " set nodes_backfilled = 0 where realm_id = $REALM",
                "delete from " + NODES + " where realm_id = $REALM",
                "update " + RECORDS + " set leaf_hash = '" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "' where realm_id = $REALM and seq = 5");
        assertTrue(node.awaitLog(Pattern.compile("proof nodes of realm \\S+ not backfilled from leaf 0: .*do not lead to the checkpoint's root"),
                Duration.ofSeconds(60)), "the backfill names the mismatch");
        // The sealer goes on storing the nodes it completes (verify calls add records); none may end below the tamper.
        assertEquals(0, scalar("select count(*) from " + NODES + realm + " and (node_index + 1) << node_level <= " + newest),
                "the failed step wrote no node");
        assertEquals(0, scalar("select nodes_backfilled from " + HEADS + realm));

        sql("update " + RECORDS + " set leaf_hash = '" + leaf5 + "' where realm_id = $REALM and seq = 5");
        for (int i = 0; i < 300 && scalar("select count(*) from " + HEADS + realm + " and nodes_backfilled is not null") > 0; i++) {
            Thread.sleep(200);
        }
        assertEquals(0, scalar("select count(*) from " + HEADS + realm + " and nodes_backfilled is not null"), "backfill complete");
        long size = scalar("select tree_size from " + HEADS + realm);
        long expected = 0;
        for (int level = 8; (1L << level) <= size; level++) {
            expected += size >> level;
        }
        assertEquals(expected, scalar("select count(*) from " + NODES + realm), "every node of the stored levels is back");
        assertTrue(node.logMatches(Pattern.compile("backfilled up to leaf (\\d+) of (?!\\1 )\\d+ ")), "more than one step");
        // Each step went at most BACKFILL_STEP leaves, to a checkpoint, unless no checkpoint was nearer.
        List<Long> sizes = new ArrayList<>();
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select distinct tree_size from " + CHECKPOINTS + realm)) {
            while (r.next()) {
                sizes.add(r.getLong(1));
            }
        }
        List<Long> marks = Pattern.compile("proof nodes of realm " + Pattern.quote(realmId) + " backfilled up to leaf (\\d+) of ")
                .matcher(java.nio.file.Files.readString(node.logFile())).results().map(m -> Long.parseLong(m.group(1))).toList();
        assertTrue(marks.size() >= 4, "several steps: " + marks);
        long from = 0;
        for (long mark : marks) {
            long start = from;
            assertTrue(sizes.contains(mark), "step " + start + " → " + mark + " ends at a checkpoint");
            assertTrue(mark - start <= BACKFILL_STEP || sizes.stream().noneMatch(t -> t > start && t < mark),
                    "step " + start + " → " + mark + " is at most " + BACKFILL_STEP + " leaves or to the next checkpoint");
            from = mark;
        }
        assertEquals(inclusionBefore, admin.get(inclusion));
        assertEquals(consistencyBefore, admin.get(consistency));
        JsonNode v = verify(null);
        assertEquals("ok", v.get("status").asText(), v.toString());
    }

    @Order(4)
    @Test
    void databaseOutageDuringSealingLosesNothing() throws Exception {
        // Sealed LOGIN records: each verify call adds a GATEHOUSE_AUDIT_VERIFY record of its own.
        String logins = "seq is not null and event_type = 'LOGIN'";
        long before = count(logins);
        int n = 20000;
        try (Connection c = db()) {
            insertUnsealed(c, RECORDS, realmId, n);
        }
        // The next seal starts within 500 ms and takes longer than that for 20,000 records: cut it mid-way.
        Thread.sleep(700);
        proxy.cut();
        long sealedAtCut = sealedCount();
        Thread.sleep(5000);
        long sealedDuringOutage = sealedCount();
        proxy.restore();

        // The wait's own verify is the check: another one would read the whole log again (seconds per 20,000 records).
        JsonNode v = awaitAllSealed();
        assertEquals(before + n, count(logins), "every record sealed once the database is back");
        assertEquals(sealedAtCut, sealedDuringOutage, "nothing commits while the database is unreachable");
        assertTrue(node.logMatches(Pattern.compile("(?i)(connection|I/O error|could not|acquisition timeout)")),
                "the outage shows in the server log");
        assertEquals("ok", v.get("status").asText(), v.toString());
        assertTrue(v.get("recordsChecked").asLong() >= before + n, v.toString());
        backup();
    }

    /** Retention prunes payloads under a signed "pruned N" checkpoint; the chain still verifies, online and offline. */
    @Order(5)
    @Test
    void retentionPrunesUnderASignedCheckpoint() throws Exception {
        long sealed = sealedCount();
        node.stop();
        List<String> withRetention = new ArrayList<>(baseOptions);
        withRetention.add("--spi-events-listener--gatehouse-audit--retention=PT1S");
        node.startProduction(withRetention.toArray(String[]::new));
        assertTrue(node.awaitLog(Pattern.compile("gatehouse-audit: retention pruned records 1\\.\\."), Duration.ofSeconds(60)));
        for (int i = 0; i < 300 && count("payload is not null and seq is not null") > 0; i++) {
            Thread.sleep(200);
        }
        assertEquals(0, count("payload is not null and seq is not null"), "every sealed record older than 1 s lost its payload");
        assertTrue(count("leaf_hash is not null") >= sealed, "seq and leaf hash stay");
        assertEquals(count("seq is not null"), count("leaf_hash is not null"), "seq and leaf hash stay");

        JsonNode v = verify(null);
        assertEquals("ok", v.get("status").asText(), v.toString());
        // The verify call's own record gets sealed and pruned in the next seconds: let that settle before reading
        // checkpoints and export, or the export may show a stub pruned after the checkpoints were read.
        for (int i = 0; i < 300 && count("seq is null or payload is not null") > 0; i++) {
            Thread.sleep(200);
        }

        List<String> notes = VerifierCli.splitNotes(admin.call("GET", "/realms/demo/gatehouse-audit/checkpoints", null).body());
        List<String> lines = admin.call("GET", "/realms/demo/gatehouse-audit/export", null).body().lines().toList();
        assertTrue(lines.get(0).contains("\"pruned\":true"), lines.get(0));
        assertTrue(notes.get(notes.size() - 1).contains("\npruned "), "the newest checkpoint carries the prune");
        SignedNote.Verifier key = SignedNote.Verifier.parse(admin.call("GET", "/realms/demo/gatehouse-audit/public-key", null).body());
        ExportVerifier.Result offline = ExportVerifier.verify(lines, notes, key, null);
        assertTrue(offline.ok(), offline.toString());

        // A stub beyond the signed prune is refused: pruning can't be faked to hide a record.
        notes = notes.stream().filter(note -> !note.contains("\npruned ")).toList();
        assertEquals(ExportVerifier.Failure.MODIFIED, ExportVerifier.verify(lines, notes, key, null).failure());
    }
}
