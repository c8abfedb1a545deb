package dev.gatehouse.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.keycloak.representations.idm.RealmRepresentation;

import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.PostgresDatabase;

/**
 * The viewer's query bench (not in CI): a production-mode Keycloak on PostgreSQL whose schema holds the rows
 * bench/sql/audit-viewer-generate.sql staged (10M by default) as gatehouse-audit records and as Keycloak's own
 * EVENT_ENTITY rows. Times every filter the viewer offers, alone and in pairs, plus deep keyset pages, through
 * GET .../gatehouse-audit/records (max=50), and Keycloak's GET .../events with the same filters where it has them.
 * Prints p50/p95 per combination.
 * Usage: AuditViewerBenchmark [--requests N] [--warmup N] [--refill] [--only combo,combo,...|deep] (e.g. kind+type)
 */
public final class AuditViewerBenchmark {

    static final String SCHEMA = "viewer_bench";
    static final String REALM = "bench";

    private AuditViewerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = intArg(args, "--requests", 50);
        int warmup = intArg(args, "--warmup", 5);
        boolean refill = Arrays.asList(args).contains("--refill");
        List<String> only = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--only")) {
                only = List.of(args[i + 1].split(","));
            }
        }
        PostgresDatabase pg = PostgresDatabase.fromEnvironment();
        pg.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        long staged = count(pg, "bench_src.records");
        boolean filled = !refill && tableExists(pg) && count(pg, SCHEMA + ".gatehouse_audit_record") == staged;
        if (!filled) {
            pg.recreateSchema(SCHEMA);
        }
        Path template = KeycloakNode.builtForPostgres("viewer-bench-template");
        List<String> options = new ArrayList<>(pg.keycloakOptions(SCHEMA));
        options.addAll(List.of("--optimized", "--hostname-strict=false"));
        try (KeycloakNode server = KeycloakNode.copyOf("viewer-bench", template)) {
            server.startProduction(options.toArray(String[]::new));
            if (server.adminClient().realms().findAll().stream().noneMatch(r -> r.getRealm().equals(REALM))) {
                RealmRepresentation r = new RealmRepresentation();
                r.setRealm(REALM);
                r.setEnabled(true);
                server.adminClient().realms().create(r);
            }
            String realmId = server.adminClient().realm(REALM).toRepresentation().getId();
            if (!filled) {
                long t0 = System.nanoTime();
                fill(pg, realmId);
                System.out.printf(Locale.ROOT, "filled %,d rows per table in %.0f s%n", staged, (System.nanoTime() - t0) / 1e9);
            }
            run(server, requests, warmup, only);
        }
    }

    static void run(KeycloakNode server, int requests, int warmup, List<String> only) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("user", uuid("u200"));
        values.put("kind", "admin");
        values.put("type", "LOGIN_ERROR");
        values.put("outcome", "error");
        values.put("ip", "10.0.1.44");
        values.put("client", "app-5");
        values.put("date", "");
        values.put("search", "user1234");
        Instant now = Instant.now();
        String from = now.minus(40, ChronoUnit.DAYS).toString().substring(0, 10);
        String to = now.minus(33, ChronoUnit.DAYS).toString().substring(0, 10);
        List<String> names = new ArrayList<>(values.keySet());
        List<List<String>> combos = new ArrayList<>();
        combos.add(List.of());
        names.forEach(n -> combos.add(List.of(n)));
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                combos.add(List.of(names.get(i), names.get(j)));
            }
        }
        combos.add(List.of("user", "type", "ip", "client", "date"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Supplier<String> token = () -> server.adminClient().tokenManager().getAccessTokenString();
        String base = server.baseUrl() + "/admin/realms/" + REALM;
        System.out.printf(Locale.ROOT, "| %-32s | %4s | %4s | %8s | %8s | %4s | %4s | %8s | %8s | %6s |%n", "filters", "rows", "n", "p50 ms", "p95 ms",
                "kc rows", "kc n", "kc p50", "kc p95", "ratio p95");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (List<String> combo : combos) {
            if (only != null && !only.contains(combo.isEmpty() ? "(none)" : String.join("+", combo))) {
                continue;
            }
            StringBuilder ours = new StringBuilder("max=50");
            StringBuilder kc = new StringBuilder("max=50");
            boolean kcHas = true;
            for (String n : combo) {
                switch (n) {
                    case "date" -> {
                        ours.append("&from=").append(from).append("&to=").append(to);
                        kc.append("&dateFrom=").append(from).append("&dateTo=").append(to);
                    }
                    case "user", "type", "client" -> {
                        ours.append('&').append(n).append('=').append(enc(values.get(n)));
                        kc.append('&').append(n).append('=').append(enc(values.get(n)));
                    }
                    case "ip" -> {
                        ours.append("&ip=").append(enc(values.get(n)));
                        kc.append("&ipAddress=").append(enc(values.get(n)));
                    }
                    default -> {
                        ours.append('&').append(n).append('=').append(enc(values.get(n)));
                        kcHas = false;
                    }
                }
            }
            String label = combo.isEmpty() ? "(none)" : String.join("+", combo);
            Timing o = time(http, token, base + "/gatehouse-audit/records?" + ours, requests, warmup);
            Timing k = kcHas ? time(http, token, base + "/events?" + kc, requests, warmup) : null;
            print(label, o, k);
        }
        if (only != null && !only.contains("deep")) {
            return;
        }
        // Deep pages: follow the keyset cursor 200 pages (10,000 records) down, then time that page.
        for (String q : List.of("max=50", "max=50&type=LOGIN")) {
            String cursor = null;
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = send(http, base + "/gatehouse-audit/records?" + q + (cursor == null ? "" : "&cursor=" + cursor), token.get());
                cursor = r.headers().firstValue("Gatehouse-Next-Cursor").orElseThrow();
            }
            Timing o = time(http, token, base + "/gatehouse-audit/records?" + q + "&cursor=" + cursor, requests, warmup);
            Timing k = time(http, token, base + "/events?" + q + "&first=10000", requests, warmup);
            print("page 201 of " + q, o, k);
        }
    }

    record Timing(int rows, int n, double p50, double p95) {
    }

    static void print(String label, Timing o, Timing k) {
        if (k == null) {
            System.out.printf(Locale.ROOT, "| %-32s | %4d | %4d | %8.1f | %8.1f | %4s | %4s | %8s | %8s | %6s |%n", label, o.rows, o.n, o.p50, o.p95, "-", "-", "-", "-", "-");
        } else {
            System.out.printf(Locale.ROOT, "| %-32s | %4d | %4d | %8.1f | %8.1f | %4d | %4d | %8.1f | %8.1f | %6.3f |%n", label, o.rows, o.n, o.p50, o.p95, k.rows, k.n,
                    k.p50, k.p95, o.p95 / k.p95);
        }
    }

    /**
     * Warm-up, then {@code requests} timed requests; a query whose warm-up averages over a second gets
     * {@link #SLOW_REQUESTS} timed requests only, and one whose first request takes over 3 s is that one request
     * (n is printed), so full scans don't hold the bench for hours.
     */
    static Timing time(HttpClient http, Supplier<String> token, String url, int requests, int warmup) throws Exception {
        int rows = 0;
        long warm = 0;
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            try {
                rows = rows(send(http, url, token.get()));
            } catch (java.net.http.HttpTimeoutException e) {
                return new Timing(-1, 1, TIMEOUT_SECONDS * 1000.0, TIMEOUT_SECONDS * 1000.0);
            }
            long took = System.nanoTime() - t0;
            if (i == 0 && took > 3_000_000_000L) {
                // A full scan: one cold request is the measurement (n = 1), or the bench would run for hours.
                return new Timing(rows, 1, took / 1e6, took / 1e6);
            }
            warm += took;
        }
        int n = warmup > 0 && warm / warmup > 1_000_000_000L ? Math.min(requests, SLOW_REQUESTS) : requests;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            HttpRequest req = get(url, token.get());
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - t0) / 1e6;
            check(url, r);
            rows = rows(r);
        }
        Arrays.sort(ms);
        return new Timing(rows, n, ms[(int) Math.ceil(0.50 * n) - 1], ms[(int) Math.ceil(0.95 * n) - 1]);
    }

    static final int SLOW_REQUESTS = 10;
    /** A request still running after this is reported as rows -1, n 1, p50 = p95 = the timeout. */
    static final int TIMEOUT_SECONDS = 15;

    static HttpResponse<String> send(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(get(url, token), HttpResponse.BodyHandlers.ofString());
        check(url, r);
        return r;
    }

    static void check(String url, HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
    }

    static int rows(HttpResponse<String> r) {
        return r.body().equals("[]") ? 0 : r.body().split("\\},\\{\"", -1).length;
    }

    static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).GET().build();
    }

    static void fill(PostgresDatabase pg, String realmId) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-q", "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", pg.user(), "-d", pg.database(),
                "-v", "schema=" + SCHEMA, "-v", "realm_id=" + realmId, "-f", "bench/sql/audit-viewer-fill.sql").inheritIO();
        pb.environment().put("PGPASSWORD", pg.password());
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("audit-viewer-fill.sql failed: " + exit);
        }
    }

    static boolean tableExists(PostgresDatabase pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + SCHEMA + "' AND table_name = 'gatehouse_audit_record'")) {
            r.next();
            return r.getLong(1) == 1;
        }
    }

    static long count(PostgresDatabase pg, String table) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** md5(text)::uuid as PostgreSQL writes it: the ids the generator gave users. */
    static String uuid(String text) throws Exception {
        String h = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }
}
