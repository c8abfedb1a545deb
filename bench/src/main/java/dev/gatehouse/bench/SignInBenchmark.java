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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.Flows;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.Ports;
import jakarta.mail.internet.MimeMessage;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Full OIDC authorization-code + PKCE sign-ins (authorization request, login form, code exchange) through a
 * realm's browser flow, from N concurrent clients for D seconds, against a production-mode server it starts
 * with the pack installed. Several configurations run in alternating rounds on the same server, and the
 * throughput ratio to the first is printed: absolute numbers on a shared 2-core machine are noisy, ratios less.
 */
public final class SignInBenchmark {

    static final String USER_PREFIX = "gatehouse-bench-";
    static final String PASSWORD = "bench-Passw0rd";
    static final Pattern CODE = Pattern.compile("(?m)^\\s+(\\d{6})\\s*$");

    /** @param emailCode the users have email codes set up: each sign-in reads its code from the SMTP server */
    record Config(String name, Path realmFile, String realm, String client, boolean emailCode) {
        static Config parse(String spec) {
            String[] p = spec.split(":");
            if (p.length != 4 && !(p.length == 5 && p[4].equals("email-code"))) {
                throw new IllegalArgumentException("--config wants name:realm-file:realm:client[:email-code], got " + spec);
            }
            return new Config(p[0], Path.of(p[1]), p[2], p[3], p.length == 5);
        }

        String user(int client) {
            return USER_PREFIX + (emailCode ? "code-" : "") + client;
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
                            + " [--config name:realm-file:realm:client[:email-code]]...");
                    System.exit(2);
                }
            }
        }
        if (configs.isEmpty()) {
            Path demo = BuildInfo.realmConfig("demo");
            configs.add(new Config("password", demo, "demo", "demo-app", false));
            configs.add(new Config("password+email-code", demo, "demo", "demo-app", true));
        }

        GreenMail mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (KeycloakNode server = KeycloakNode.fresh("bench").withProviders(BuildInfo.providersDir())
                .withEnv("GATEHOUSE_SMTP_HOST", "127.0.0.1")
                .withEnv("GATEHOUSE_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()))) {
            Set<Path> imports = new LinkedHashSet<>();
            configs.forEach(c -> imports.add(c.realmFile()));
            imports.forEach(server::withImport);
            System.out.println("starting Keycloak " + BuildInfo.keycloakVersion() + " (production mode, dev-file database) ...");
            server.startProduction("--db=dev-file", "--import-realm");
            for (Config c : configs) {
                RealmResource realm = server.adminClient().realm(c.realm());
                createUsers(realm, c, clients);
                if (c.emailCode()) {
                    unthrottle(realm, realm.toRepresentation().getBrowserFlow(), "gatehouse-email-code");
                }
            }

            for (Config c : configs) {
                run(server, mail, c, clients, warmup);
            }
            Result[] totals = new Result[configs.size()];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < configs.size(); i++) {
                    Result res = run(server, mail, configs.get(i), clients, Math.max(1, seconds / rounds));
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
        } finally {
            mail.stop();
        }
    }

    static Result run(KeycloakNode server, GreenMail mail, Config c, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<List<Long>> perClient = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                List<Long> latencies = new ArrayList<>();
                String user = c.user(i);
                perClient.add(latencies);
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            // A new browser each time: no SSO cookie, so every iteration is a full sign-in.
                            signIn(server, mail, c, user);
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

    /** One full sign-in; with email codes, the code is read from the SMTP server like a user would. */
    static void signIn(KeycloakNode server, GreenMail mail, Config c, String user) {
        OidcBrowser browser = new OidcBrowser(c.client());
        if (!c.emailCode()) {
            browser.signIn(server.baseUrl(), c.realm(), user, PASSWORD);
            return;
        }
        String address = user + "@bench.test";
        int before = mail.getReceivedMessagesForDomain(address).length;
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), c.realm());
        OidcBrowser.Page page = browser.submit(auth.formAction(), Map.of("username", user, "password", PASSWORD));
        long deadline = System.nanoTime() + 10_000_000_000L;
        MimeMessage[] messages;
        while ((messages = mail.getReceivedMessagesForDomain(address)).length <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no code mail for " + user + ": " + page.message());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        Matcher m = CODE.matcher(GreenMailUtil.getWholeMessage(messages[messages.length - 1]));
        if (!m.find()) {
            throw new IllegalStateException("no code in the mail");
        }
        OidcBrowser.Page done = browser.submit(page.formAction("gatehouse-email-code-form"), Map.of("code", m.group(1)));
        browser.complete(server.baseUrl(), c.realm(), auth, done);
    }

    /**
     * One user per client: with brute-force detection on, Keycloak refuses concurrent sign-ins of one user
     * (DefaultBlockingBruteForceProtector answers "user temporarily disabled" while another is in progress).
     */
    static void createUsers(RealmResource realm, Config c, int count) {
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(c.emailCode()
                    ? Accounts.user(c.user(i), c.user(i) + "@bench.test", true, Accounts.password(PASSWORD), Accounts.emailCode())
                    : Accounts.user(c.user(i), c.user(i) + "@bench.test", true, Accounts.password(PASSWORD)));
        }
        Accounts.create(realm, PartialImportRepresentation.Policy.SKIP, users);
    }

    /**
     * The benchmarks send far more codes than the per-hour budgets allow a person: no cooldown, and budgets far
     * above a run's sends, for each execution of the code authenticator in the flow.
     */
    static void unthrottle(RealmResource realm, String flow, String provider) {
        Flows.configure(realm, flow, provider, "gatehouse-bench", Map.of("gatehouse.code.resendCooldown", "0",
                "gatehouse.sends.perDestination", "1000", "gatehouse.sends.perUser", "1000",
                "gatehouse.sends.perIp", "10000", "gatehouse.sends.perSession", "1000"));
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
