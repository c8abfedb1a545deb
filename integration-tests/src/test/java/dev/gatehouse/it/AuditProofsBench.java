package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.gatehouse.audit.VerifierCli;
import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;

/**
 * A bench, not a test (its name doesn't end in IT, so `./mvnw verify` skips it): time of proof requests on a
 * PostgreSQL log of RECORDS records (default 100,000), with the sealer's nodes and without them (a log sealed
 * before nodes were stored). Run: {@code ./mvnw -B -pl integration-tests -am verify -Dit.test=AuditProofsBench
 * -Dtest='NoSuchTest*' -Dsurefire.failIfNoSpecifiedTests=false [-Dgatehouse.bench.records=N]}.
 */
class AuditProofsBench {

    static final String SCHEMA = "gatehouse_proofs_bench";

    @Test
    void proofRequestTimes() throws Exception {
        int n = Integer.getInteger("gatehouse.bench.records", 100_000);
        PostgresDatabase pg = PostgresDatabase.fromEnvironment().assumeAvailable();
        pg.recreateSchema(SCHEMA);
        Path key = KeycloakNode.newAuditSigningKey("proofs-bench");
        try (KeycloakNode node = KeycloakNode.copyOf("proofs-bench", KeycloakNode.builtForPostgres("audit-db-template"))
                .withImport(BuildInfo.realmConfig("demo"))) {
            List<String> options = new ArrayList<>(pg.keycloakOptions(SCHEMA));
            options.addAll(List.of("--optimized", "--hostname-strict=false", "--import-realm",
                    "--spi-events-listener--gatehouse-audit--signing-key-file=" + key,
                    "--spi-events-listener--gatehouse-audit--seal-interval=500",
                    "--spi-events-listener--gatehouse-audit--heartbeat-interval=3600000"));
            node.startProduction(options.toArray(String[]::new));
            AdminApi admin = node.admin();
            String realmId = node.adminClient().realm("demo").toRepresentation().getId();
            long inserted = System.nanoTime();
            try (Connection c = pg.connect()) {
                AuditDatabaseIT.insertUnsealed(c, SCHEMA + ".gatehouse_audit_record", realmId, n);
            }
            while (count(pg, realmId, "seq is null") > 0 || newestSize(admin) < n) {
                Thread.sleep(500);
            }
            long total = newestSize(admin);
            System.out.printf("BENCH sealed %d records in %d ms%n", total, (System.nanoTime() - inserted) / 1_000_000);
            String vkey = admin.call("GET", "/realms/demo/gatehouse-audit/public-key", null).body().trim();
            long small = Long.parseLong(VerifierCli.splitNotes(admin.call("GET", "/realms/demo/gatehouse-audit/checkpoints", null).body())
                    .get(0).split("\n")[1]);

            time(admin, "with nodes", "inclusion?seq=" + (total / 2 + 17), vkey, "--inclusion");
            time(admin, "with nodes", "consistency?from=" + small, vkey, "--consistency");
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("delete from " + SCHEMA + ".gatehouse_audit_node");
            }
            time(admin, "without nodes", "inclusion?seq=" + (total / 2 + 17), vkey, "--inclusion");
            time(admin, "without nodes", "consistency?from=" + small, vkey, "--consistency");
        }
    }

    static void time(AdminApi admin, String label, String query, String vkey, String mode) throws Exception {
        List<Long> ms = new ArrayList<>();
        String body = null;
        for (int i = 0; i < 6; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = admin.call("GET", "/realms/demo/gatehouse-audit/proofs/" + query, null);
            ms.add((System.nanoTime() - t) / 1_000_000);
            assertEquals(200, r.statusCode(), r.body());
            body = r.body();
        }
        Path file = Files.createTempFile("proof", ".json");
        Files.writeString(file, body);
        assertEquals(0, VerifierCli.run(new String[] {mode, file.toString(), "--key", vkey}));
        List<Long> warm = new ArrayList<>(ms.subList(1, ms.size()));
        warm.sort(null);
        System.out.printf("BENCH %s %s: first %d ms, warm median %d ms (runs %s)%n", label, query, ms.get(0), warm.get(warm.size() / 2), ms);
    }

    static long newestSize(AdminApi admin) {
        List<String> notes = VerifierCli.splitNotes(admin.call("GET", "/realms/demo/gatehouse-audit/checkpoints", null).body());
        return notes.isEmpty() ? 0 : Long.parseLong(notes.get(notes.size() - 1).split("\n")[1]);
    }

    static long count(PostgresDatabase pg, String realmId, String where) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from " + SCHEMA + ".gatehouse_audit_record where realm_id = '" + realmId + "' and " + where)) {
            r.next();
            return r.getLong(1);
        }
    }
}
