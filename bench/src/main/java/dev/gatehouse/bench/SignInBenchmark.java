package dev.gatehouse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.gatehouse.testsupport.AdminApi;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;

/**
 * Full OIDC authorization-code + PKCE sign-ins (authorization request, login form, code exchange) through a
 * realm's browser flow, from N concurrent clients for D seconds, against a production-mode server it starts
 * with the pack installed. Several configurations run in alternating rounds on the same server, and the
 * throughput ratio to the first is printed: absolute numbers on a shared 2-core machine are noisy, ratios less.
 */
public final class SignInBenchmark {

    static final String USER_PREFIX = "gatehouse-bench-";
    static final String PASSWORD = "bench-Passw0rd";

    record Config(String name, Path realmFile, String realm, String client) {
        static Config parse(String spec) {
            String[] p = spec.split(":");
            if (p.length != 4) {
                throw new IllegalArgumentException("--config wants name:realm-file:realm:client, got " + spec);
            }
            return new Config(p[0], Path.of(p[1]), p[2], p[3]);
        }
    }

    record Result(long signIns, long errors, double seconds, List<Long> latenciesNanos) {
        double perSecond() {
            return signIns / seconds;
        }

        double percentileMillis(double q) {
            if (latenciesNanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            int i = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, i)) / 1e6;
        }

        Result plus(Result o) {
            List<Long> all = new ArrayList<>(latenciesNanos);
            all.addAll(o.latenciesNanos);
            return new Result(signIns + o.signIns, errors + o.errors, seconds + o.seconds, all);
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = 4;
        int seconds = 30;
        int warmup = 10;
        int rounds = 2;
        List<Config> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--duration" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--config" -> configs.add(Config.parse(args[++i]));
                default -> {
                    System.err.println("usage: SignInBenchmark [--clients N] [--duration S] [--warmup S] [--rounds R]"
                            + " [--config name:realm-file:realm:client]...");
                    System.exit(2);
                }
            }
        }
        if (configs.isEmpty()) {
            Path demo = BuildInfo.realmConfig("demo");
            configs.add(new Config("stock-password", demo, "demo", "demo-app"));
            configs.add(new Config("stock-password-again", demo, "demo", "demo-app"));
        }

        try (KeycloakNode server = KeycloakNode.fresh("bench").withProviders(BuildInfo.providersDir())) {
            Set<Path> imports = new LinkedHashSet<>();
            configs.forEach(c -> imports.add(c.realmFile()));
            imports.forEach(server::withImport);
            System.out.println("starting Keycloak " + BuildInfo.keycloakVersion() + " (production mode, dev-file database) ...");
            server.startProduction("--db=dev-file", "--import-realm");
            Set<String> realms = new LinkedHashSet<>();
            configs.forEach(c -> realms.add(c.realm()));
            for (String realm : realms) {
                createUsers(server.admin(), realm, clients);
            }

            for (Config c : configs) {
                run(server, c, clients, warmup);
            }
            Result[] totals = new Result[configs.size()];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < configs.size(); i++) {
                    Result res = run(server, configs.get(i), clients, Math.max(1, seconds / rounds));
                    totals[i] = totals[i] == null ? res : totals[i].plus(res);
                }
            }

            System.out.printf(Locale.ROOT, "%nclients=%d duration=%ds/config rounds=%d cores=%d java=%s%n",
                    clients, seconds, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-24s %10s %8s %9s %9s %8s%n", "config", "sign-ins/s", "errors", "p50 ms", "p95 ms", "ratio");
            for (int i = 0; i < configs.size(); i++) {
                Result t = totals[i];
                System.out.printf(Locale.ROOT, "%-24s %10.1f %8d %9.1f %9.1f %8.2f%n", configs.get(i).name(), t.perSecond(),
                        t.errors(), t.percentileMillis(0.50), t.percentileMillis(0.95), t.perSecond() / totals[0].perSecond());
            }
            System.out.printf(Locale.ROOT, "server heap used after run: %.0f MiB%n", heapUsedBytes(server) / (1024.0 * 1024.0));
        }
    }

    static Result run(KeycloakNode server, Config c, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<List<Long>> perClient = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                List<Long> latencies = new ArrayList<>();
                String user = USER_PREFIX + i;
                perClient.add(latencies);
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            // A new browser each time: no SSO cookie, so every iteration is a full sign-in.
                            new OidcBrowser(c.client()).signIn(server.baseUrl(), c.realm(), user, PASSWORD);
                            latencies.add(System.nanoTime() - t0);
                        } catch (RuntimeException e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("sign-in failed (" + c.name() + "): " + e.getMessage().lines().findFirst().orElse(""));
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        return new Result(all.size(), errors.get(), elapsed, all);
    }

    /**
     * One user per client: with brute-force detection on, Keycloak refuses concurrent sign-ins of one user
     * (DefaultBlockingBruteForceProtector answers "user temporarily disabled" while another is in progress).
     */
    static void createUsers(AdminApi admin, String realm, int count) {
        for (int i = 0; i < count; i++) {
            Map<String, Object> user = Map.of(
                    "username", USER_PREFIX + i, "enabled", true, "email", USER_PREFIX + i + "@bench.test",
                    "emailVerified", true, "firstName", "Bench", "lastName", "User " + i,
                    "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
            int status = admin.call("POST", "/realms/" + realm + "/users", user).statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("cannot create bench user in " + realm + ": HTTP " + status);
            }
        }
    }

    /** Sum of the JVM's heap pools from Keycloak's metrics endpoint (management port). */
    static double heapUsedBytes(KeycloakNode server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
