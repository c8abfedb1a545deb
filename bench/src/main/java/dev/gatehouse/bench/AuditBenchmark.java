package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.MerkleTree;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.PostgresDatabase;

/**
 * Audit log benchmarks. {@code verify}: offline verification of a generated export (default 1,000,000 records)
 * against the machine's raw SHA-256 rate over the same bytes. {@code database}: with a production-mode Keycloak
 * on PostgreSQL, appends per second with 1, 8 and 32 writers (the listener's INSERT, one row per transaction,
 * on the real table with its indexes and trigger), then how fast the sealer drains a backlog.
 */
public final class AuditBenchmark {

    static final String SCHEMA = "gatehouse_audit_bench";

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        if (mode.equals("verify") || mode.equals("all")) {
            verify(args.length > 1 && mode.equals("verify") ? Integer.parseInt(args[1]) : 1_000_000);
        }
        if (mode.equals("database") || mode.equals("all")) {
            database();
        }
    }

    static Map<String, Object> record(long seq, String prev, long time) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "user");
        r.put("id", UUID.randomUUID().toString());
        r.put("time", time);
        r.put("realm", "0f0e3c38-6a3e-4c52-a8a4-1b3c1f1d2e3f");
        r.put("type", "LOGIN");
        r.put("error", null);
        r.put("user", UUID.randomUUID().toString());
        r.put("client", "demo-app");
        r.put("session", UUID.randomUUID().toString());
        r.put("ip", "203.0.113.17");
        r.put("details", Map.of("auth_method", "openid-connect", "auth_type", "code", "code_id", UUID.randomUUID().toString(),
                "redirect_uri", "https://app.example.com/callback", "username", "user-" + seq));
        r.put("node", "node-1");
        r.put("correlationId", null);
        if (seq > 0) {
            r.put("seq", seq);
            r.put("prev", prev);
        }
        return r;
    }

    static void verify(int n) throws Exception {
        Path dir = Files.createDirectories(BuildInfo.workDir().resolve("audit-bench"));
        Path export = dir.resolve("export.jsonl");
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        SignedNote.Signer signer = new SignedNote.Signer("gatehouse-bench", seed);
        List<String> notes = new ArrayList<>();
        MerkleTree.CompactRange range = new MerkleTree.CompactRange();
        String prev = "";
        long bytes = 0;
        try (BufferedWriter w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
            for (long seq = 1; seq <= n; seq++) {
                String line = new String(CanonicalJson.encode(record(seq, prev, 1_760_000_000_000L + seq)), StandardCharsets.UTF_8);
                byte[] leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
                range.add(leaf);
                prev = Base64.getEncoder().encodeToString(leaf);
                w.write(line);
                w.write('\n');
                bytes += line.length() + 1;
                // A checkpoint per 2,000 records, as a busy sealer writes them.
                if (seq % 2000 == 0 || seq == n) {
                    notes.add(signer.sign(new Checkpoint("gatehouse/audit/bench", seq, range.root(), List.of("time 2026-01-01T00:00:00Z")).text()));
                }
            }
        }
        SignedNote.Verifier key = SignedNote.Verifier.parse(signer.verifierKey());
        System.out.printf(Locale.ROOT, "verify: %,d records, %,d checkpoints, %.1f MB export%n", n, notes.size(), bytes / 1e6);

        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            ExportVerifier v = new ExportVerifier(notes, key, null);
            try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    v.accept(line);
                }
            }
            ExportVerifier.Result result = v.finish();
            double verifySeconds = (System.nanoTime() - t0) / 1e9;
            if (!result.ok()) {
                throw new IllegalStateException(result.toString());
            }

            // The ceiling: read the same lines and hash each one once (a leaf hash), nothing else.
            long t1 = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    sha.update((byte) 0);
                    sha.update(line.getBytes(StandardCharsets.UTF_8));
                    sha.digest();
                }
            }
            double hashSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "verify round %d: %,.0f records/s (%.2f s); raw SHA-256 of the same lines %,.0f records/s (%.2f s); ratio %.2f%n",
                    round + 1, n / verifySeconds, verifySeconds, n / hashSeconds, hashSeconds, hashSeconds / verifySeconds);
        }
        Files.delete(export);
    }

    static void database() throws Exception {
        PostgresDatabase pg = PostgresDatabase.fromEnvironment();
        pg.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        pg.recreateSchema(SCHEMA);
        Path template = KeycloakNode.builtForPostgres("audit-bench-template");
        List<String> options = new ArrayList<>(pg.keycloakOptions(SCHEMA));
        options.addAll(List.of("--optimized", "--hostname-strict=false", "--spi-events-listener--gatehouse-audit--seal-interval=1000"));
        try (KeycloakNode server = KeycloakNode.copyOf("audit-bench", template)) {
            server.startProduction(options.toArray(String[]::new));
            String table = SCHEMA + ".gatehouse_audit_record";
            for (int writers : new int[] {1, 8, 32}) {
                appends(pg, table, writers, 20);
            }
            drain(pg, table);
            seal(pg, table, 100_000);
        }
    }

    /** The listener's INSERT, one row per committed transaction, from several writers at once. */
    static void appends(PostgresDatabase pg, String table, int writers, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        String realm = "bench-appends-" + writers;
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                try (Connection c = pg.connect(); PreparedStatement ps = insert(c, table)) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < deadline) {
                        bind(ps, realm, System.currentTimeMillis());
                        ps.executeUpdate();
                        c.commit();
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "appends: %2d writers: %,.0f records/s%n", writers, done.get() / (double) seconds);
    }

    static PreparedStatement insert(Connection c, String table) throws Exception {
        return c.prepareStatement("insert into " + table + " (id, realm_id, created, payload, kind, event_type, user_id, client_id, ip_address)"
                + " values (?, ?, ?, ?, 'user', 'LOGIN', ?, 'demo-app', '203.0.113.17')");
    }

    static void bind(PreparedStatement ps, String realm, long time) throws Exception {
        Map<String, Object> r = record(0, null, time);
        ps.setString(1, (String) r.get("id"));
        ps.setString(2, realm);
        ps.setLong(3, time);
        ps.setString(4, new String(CanonicalJson.encode(r), StandardCharsets.UTF_8));
        ps.setString(5, (String) r.get("user"));
    }

    static long unsealed(PostgresDatabase pg, String table) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table + " where seq is null")) {
            r.next();
            return r.getLong(1);
        }
    }

    static void drain(PostgresDatabase pg, String table) throws Exception {
        long t0 = System.nanoTime();
        while (unsealed(pg, table) > 0) {
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "appends backlog sealed after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** A backlog written at once, then timed until the sealer has sealed every record. */
    static void seal(PostgresDatabase pg, String table, int n) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = insert(c, table)) {
            c.setAutoCommit(false);
            long now = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                bind(ps, "bench-seal", now + i);
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        long t0 = System.nanoTime();
        while (unsealed(pg, table) > 0) {
            Thread.sleep(100);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "seal: %,d records in %.1f s: %,.0f records/s (includes up to one seal interval of waiting)%n", n, s, n / s);
    }
}
