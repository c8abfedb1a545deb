package dev.gatehouse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.Flows;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.Ports;
import dev.gatehouse.testsupport.fakes.FakeTwilio;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Full OIDC authorization-code + PKCE sign-ins (authorization request, login form, second factor, code exchange)
 * through a realm's browser flow, from N concurrent clients, against a production-mode server it starts with the
 * pack installed. Several configurations run in rounds on the same server (each round in another order), and
 * each configuration's throughput is compared with the first's in the same round: absolute numbers on a shared
 * 2-core machine are noisy, ratios less. The median and range of those per-round ratios are printed.
 */
public final class SignInBenchmark {

    static final String USER_PREFIX = "gatehouse-bench-";
    static final String PASSWORD = "bench-Passw0rd";
    static final Pattern CODE = Pattern.compile("(?m)^\\s+(\\d{6})\\s*$");
    static final String USAGE = "usage: bench/run.sh [--clients N] [--duration S] [--warmup S] [--rounds R] [--users U]"
            + " [--set codes|trust|all] [--config name:realm-file:realm:client[:totp|email-code|sms-code|trusted-device]]...";
    static final String TRUST_COOKIE_PREFIX = "GATEHOUSE_TRUST_";
    static final String TWILIO_ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    static final String TWILIO_TOKEN = "bench-twilio-token";
    /** Area codes of the fictional US numbers NPA-555-0100 to -0199 the users get (FIXED_LINE_OR_MOBILE for libphonenumber). */
    static final int[] AREA_CODES = {201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228};

    /** The second factor a configuration's users have, and where the bench client gets its code. */
    enum Factor {
        NONE("", null, null),
        /** Keycloak's auth-otp-form; the client computes the code from the secret it gave the user. */
        TOTP("totp", "kc-otp-login-form", "otp"),
        /** The pack's email code; the client reads it from the in-process SMTP server. */
        EMAIL_CODE("email-code", "gatehouse-email-code-form", "code"),
        /** The pack's SMS code through the twilio sender; the client reads it from the in-process Twilio fake. */
        SMS_CODE("sms-code", "gatehouse-sms-code-form", "code"),
        /**
         * Keycloak's auth-otp-form once, with "trust this browser" ticked; afterwards the browser presents the
         * user's trust cookie (the newest one: it rotates on every use) and the second factor is skipped.
         */
        TRUSTED("trusted-device", "kc-otp-login-form", "otp");

        final String id;
        final String formId;
        final String field;

        Factor(String id, String formId, String field) {
            this.id = id;
            this.formId = formId;
            this.field = field;
        }

        static Factor of(String id) {
            for (Factor f : values()) {
                if (f.id.equals(id) && f != NONE) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown second factor " + id + "; " + USAGE);
        }
    }

    record Config(String name, Path realmFile, String realm, String client, Factor factor) {
        static Config parse(String spec) {
            String[] p = spec.split(":");
            if (p.length != 4 && p.length != 5) {
                throw new IllegalArgumentException("--config wants name:realm-file:realm:client[:factor], got " + spec);
            }
            return new Config(p[0], Path.of(p[1]), p[2], p[3], p.length == 5 ? Factor.of(p[4]) : Factor.NONE);
        }

        /** Users with Keycloak's OTP credential, whose code the client computes. */
        boolean totp() {
            return factor == Factor.TOTP || factor == Factor.TRUSTED;
        }

        String user(int client, int index) {
            return USER_PREFIX + (factor == Factor.NONE ? "password" : factor.id) + "-" + client + "-" + index;
        }

        String email(int client, int index) {
            return user(client, index) + "@bench.test";
        }

        /** A number of its own per user, in E.164 form. */
        String phone(int client, int index, int perClient) {
            int n = client * perClient + index;
            if (n >= AREA_CODES.length * 100) {
                throw new IllegalArgumentException("at most " + AREA_CODES.length * 100 + " SMS users: lower --users or --clients");
            }
            return String.format(Locale.ROOT, "+1%d55501%02d", AREA_CODES[n / 100], n % 100);
        }
    }

    /**
     * Each client signs in its own users in turn. With brute-force detection on, Keycloak refuses concurrent
     * sign-ins of one user ("user temporarily disabled", DefaultBlockingBruteForceProtector), so no user belongs
     * to two clients. Several users per client because Keycloak refuses a TOTP code a user already used
     * (realm OTP policy otpPolicyCodeReusable=false, the default): a user signs in at most once per 30-second
     * step, as a person with an authenticator app would. Every configuration gets the same number of users, so
     * all pay the same user-cache misses.
     */
    static final class Users {
        final Config config;
        final int perClient;
        final String[][] totpSecrets;
        final long[][] lastStep;
        /** Per user, the trust cookie the server set last (TRUSTED only; null until the user trusted the browser). */
        final KeptCookie[][] trust;
        final int[] next;
        final AtomicLong stepWaits = new AtomicLong();

        Users(Config config, int clients, int perClient) {
            this.config = config;
            this.perClient = perClient;
            this.totpSecrets = new String[clients][perClient];
            this.lastStep = new long[clients][perClient];
            this.trust = new KeptCookie[clients][perClient];
            this.next = new int[clients];
            SecureRandom random = new SecureRandom();
            for (String[] row : totpSecrets) {
                for (int i = 0; i < row.length; i++) {
                    byte[] b = new byte[10];
                    random.nextBytes(b);
                    row[i] = HexFormat.of().formatHex(b);
                }
            }
            for (long[] row : lastStep) {
                Arrays.fill(row, -1);
            }
        }

        /**
         * The client's next user; if that user will answer TOTP (a trusted-device user only until the browser is
         * trusted), waits for the next time step if the user already signed in in this one.
         */
        int take(int client) {
            int i = next[client];
            next[client] = (i + 1) % perClient;
            if (config.factor() == Factor.TOTP || config.factor() == Factor.TRUSTED && trust[client][i] == null) {
                long now = System.currentTimeMillis();
                long step = Totp.step(now);
                if (lastStep[client][i] >= step) {
                    stepWaits.incrementAndGet();
                    step++;
                    java.util.concurrent.locks.LockSupport.parkNanos((step * Totp.PERIOD_SECONDS * 1000 - now) * 1_000_000L);
                }
                lastStep[client][i] = step;
            }
            return i;
        }
    }

    /**
     * Per sign-in: total, and the parts: authorization request, password form, code wait, code form + token,
     * and the trust page's form (shown after every second factor; 0 where none was shown).
     */
    record Sample(long total, long authorize, long password, long codeWait, long codeAndToken, long trust) {
    }

    record Result(long errors, double seconds, List<Sample> samples) {
        double perSecond() {
            return samples.size() / seconds;
        }

        double percentileMillis(double q, java.util.function.ToLongFunction<Sample> part) {
            if (samples.isEmpty()) {
                return Double.NaN;
            }
            long[] sorted = samples.stream().mapToLong(part).sorted().toArray();
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, i)] / 1e6;
        }

        Result plus(Result o) {
            List<Sample> all = new ArrayList<>(samples);
            all.addAll(o.samples);
            return new Result(errors + o.errors, seconds + o.seconds, all);
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = 4;
        int seconds = 30;
        int warmup = 10;
        int rounds = 2;
        int usersPerClient = 200;
        String set = "codes";
        List<Config> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--duration" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--users" -> usersPerClient = Integer.parseInt(args[++i]);
                case "--config" -> configs.add(Config.parse(args[++i]));
                case "--set" -> set = args[++i];
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        if (configs.isEmpty()) {
            configs.addAll(defaultSet(set));
        }

        // The Twilio fake runs on the JDK's HttpServer, which leaves Nagle's algorithm on unless told: an answer
        // written in more than one piece can then wait for the client's delayed ACK (up to about 40 ms on Linux),
        // a stall of the fake, not of Twilio (docs/benchmarks.md, runs B and C). Read when the first one starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        CodeInbox inbox = new CodeInbox();
        GreenMail mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        MessageDeliveryHandler store = mail.getUserManager().getMessageDeliveryHandler();
        mail.getUserManager().setMessageDeliveryHandler((message, to) -> {
            Matcher m = CODE.matcher(GreenMailUtil.getWholeMessage(message.getMessage()));
            if (m.find()) {
                inbox.received(address(to), m.group(1));
            }
            return store.handle(message, to);
        });
        mail.start();
        String loadBefore = loadAverage();
        try (FakeTwilio twilio = new FakeTwilio(TWILIO_ACCOUNT, TWILIO_TOKEN);
             KeycloakNode server = KeycloakNode.fresh("bench").withProviders(BuildInfo.providersDir())
                .withEnv("GATEHOUSE_SMTP_HOST", "127.0.0.1")
                .withEnv("GATEHOUSE_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()))) {
            Set<Path> imports = new LinkedHashSet<>();
            configs.forEach(c -> imports.add(c.realmFile()));
            imports.forEach(server::withImport);
            System.out.println("starting Keycloak " + BuildInfo.keycloakVersion() + " (production mode, dev-file database) ...");
            server.startProduction("--db=dev-file", "--import-realm");
            List<Users> users = new ArrayList<>();
            for (Config c : configs) {
                users.add(new Users(c, clients, usersPerClient));
            }
            System.out.printf(Locale.ROOT, "creating %d users per configuration ...%n", clients * usersPerClient);
            createUsers(server, users);
            for (Config c : configs) {
                RealmResource realm = server.adminClient().realm(c.realm());
                if (c.totp()) {
                    RealmRepresentation rep = realm.toRepresentation();
                    System.out.printf(Locale.ROOT, "realm %s OTP policy: %s %s, %d digits, %d s, look-around %d, code reusable %s%n",
                            c.realm(), rep.getOtpPolicyType(), rep.getOtpPolicyAlgorithm(), rep.getOtpPolicyDigits(),
                            rep.getOtpPolicyPeriod(), rep.getOtpPolicyLookAheadWindow(), rep.isOtpPolicyCodeReusable());
                }
                if (c.factor() == Factor.EMAIL_CODE) {
                    unthrottle(realm, realm.toRepresentation().getBrowserFlow(), "gatehouse-email-code");
                }
                if (c.factor() == Factor.SMS_CODE) {
                    String flow = realm.toRepresentation().getBrowserFlow();
                    smsStep(realm, flow);
                    unthrottle(realm, flow, "gatehouse-sms-code");
                    smsSettings(realm, twilio);
                }
            }

            // Warm-up: each client signs in every one of its users once (so every user is in Keycloak's cache
            // before measuring), then goes on until the warm-up time is up.
            for (Users u : users) {
                run(server, inbox, twilio, u, clients, warmup, usersPerClient);
            }
            System.out.println("warm-up done (load average " + loadAverage() + ")");
            Result[][] perRound = new Result[rounds][configs.size()];
            for (int r = 0; r < rounds; r++) {
                // Each round starts with another configuration: the first of a round pays for left-over warm-up.
                for (int k = 0; k < configs.size(); k++) {
                    int i = (r + k) % configs.size();
                    perRound[r][i] = run(server, inbox, twilio, users.get(i), clients, seconds, 0);
                }
                System.out.printf(Locale.ROOT, "round %d of %d done (load average %s)%n", r + 1, rounds, loadAverage());
            }
            String loadAfter = loadAverage();
            report(configs, users, perRound, clients, seconds, rounds, usersPerClient, loadBefore, loadAfter);
            System.out.printf(Locale.ROOT, "server heap used after run: %.0f MiB%n", heapUsedBytes(server) / (1024.0 * 1024.0));
        } finally {
            mail.stop();
        }
    }

    /**
     * The demo realm's demo-app, one configuration per kind of user; the first is the baseline of the ratio
     * column. "codes": the second factors against TOTP; "trust": a trusted browser against TOTP and against
     * password-only; "all": both (longer: five configurations).
     */
    static List<Config> defaultSet(String set) {
        Path demo = BuildInfo.realmConfig("demo");
        Config totp = new Config("password+totp", demo, "demo", "demo-app", Factor.TOTP);
        Config email = new Config("password+email-code", demo, "demo", "demo-app", Factor.EMAIL_CODE);
        Config sms = new Config("password+sms-code", demo, "demo", "demo-app", Factor.SMS_CODE);
        Config password = new Config("password-only", demo, "demo", "demo-app", Factor.NONE);
        Config trusted = new Config("password+trusted-device", demo, "demo", "demo-app", Factor.TRUSTED);
        return switch (set) {
            case "codes" -> List.of(totp, email, sms);
            case "trust" -> List.of(totp, password, trusted);
            case "all" -> List.of(totp, email, sms, password, trusted);
            default -> throw new IllegalArgumentException("unknown --set " + set + "; " + USAGE);
        };
    }

    static void report(List<Config> configs, List<Users> users, Result[][] perRound, int clients, int seconds, int rounds,
                       int usersPerClient, String loadBefore, String loadAfter) {
        System.out.printf(Locale.ROOT, "%nclients=%d duration=%ds/config/round rounds=%d users=%d/client/config cores=%d java=%s%n",
                clients, seconds, rounds, usersPerClient, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
        System.out.printf(Locale.ROOT, "%-24s %10s %7s %8s %8s  %-24s %9s %9s %9s %9s %9s %6s%n", "config", "sign-ins/s", "errors",
                "p50 ms", "p95 ms", "ratio: median [interval]", "authz ms", "passw ms", "wait ms", "code ms", "trust ms", "waits");
        for (int i = 0; i < configs.size(); i++) {
            Result t = perRound[0][i];
            for (int r = 1; r < rounds; r++) {
                t = t.plus(perRound[r][i]);
            }
            Ratio ratio = Ratio.of(perRound, i, 0);
            System.out.printf(Locale.ROOT, "%-24s %10.1f %7d %8.1f %8.1f  %5.3f [%5.3f, %5.3f]     %9.1f %9.1f %9.1f %9.1f %9.1f %6d%n",
                    configs.get(i).name(), t.perSecond(), t.errors(), t.percentileMillis(0.5, Sample::total),
                    t.percentileMillis(0.95, Sample::total), ratio.median(), ratio.low(), ratio.high(),
                    t.percentileMillis(0.5, Sample::authorize), t.percentileMillis(0.5, Sample::password),
                    t.percentileMillis(0.5, Sample::codeWait), t.percentileMillis(0.5, Sample::codeAndToken),
                    t.percentileMillis(0.5, Sample::trust), users.get(i).stepWaits.get());
        }
        int k = orderStatistic(rounds);
        System.out.printf(Locale.ROOT, "ratio: per-round throughput / the first configuration's in the same round, the median of"
                + " the %d rounds and the interval [%s, %s] of them (sorted), a distribution-free %.1f %% confidence interval"
                + " for the median ratio%n", rounds, k == 1 ? "min" : "#" + k, k == 1 ? "max" : "#" + (rounds + 1 - k),
                100 * coverage(rounds, k));
        System.out.println("the part columns are medians of: authorization request, password form post, wait for the code"
                + " (read from the fake or computed), code form post + token request, the trust page's form post (0: not"
                + " shown); waits: TOTP users that had to wait for a new time step");
        // A trusted browser against the sign-ins it stands in for (TOTP) and the one it should cost no more than.
        for (int i = 0; i < configs.size(); i++) {
            for (int j = 0; j < configs.size(); j++) {
                Factor against = configs.get(j).factor();
                if (configs.get(i).factor() == Factor.TRUSTED && (against == Factor.NONE || against == Factor.TOTP)) {
                    Ratio ratio = Ratio.of(perRound, i, j);
                    System.out.printf(Locale.ROOT, "ratio %s / %s: %5.3f [%5.3f, %5.3f]%n", configs.get(i).name(),
                            configs.get(j).name(), ratio.median(), ratio.low(), ratio.high());
                }
            }
        }
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
            for (int i = 0; i < configs.size(); i++) {
                line.append(String.format(Locale.ROOT, " %s %.1f/s", configs.get(i).name(), perRound[r][i].perSecond()));
            }
            System.out.println(line);
        }
    }

    /** The median of one configuration's per-round throughput ratios to another's, and its confidence interval. */
    record Ratio(double median, double low, double high) {
        static Ratio of(Result[][] perRound, int config, int baseline) {
            int n = perRound.length;
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = perRound[i][config].perSecond() / perRound[i][baseline].perSecond();
            }
            Arrays.sort(r);
            int k = orderStatistic(n);
            return new Ratio(n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2, r[k - 1], r[n - k]);
        }
    }

    /**
     * The k of the interval [x(k), x(n+1-k)] of n sorted values that covers their median with at least 95 %:
     * the largest k with 1 - 2 P(Binomial(n, 1/2) < k) >= 0.95, or 1 (min, max) when even that covers less
     * (fewer than 9 rounds). Assumes nothing about the distribution of the per-round ratios.
     */
    static int orderStatistic(int n) {
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= 0.95) {
            k++;
        }
        return k;
    }

    /** 1 - 2 P(Binomial(n, 1/2) < k): how often [x(k), x(n+1-k)] contains the median. */
    static double coverage(int n, int k) {
        double below = 0;
        double binomial = 1;
        for (int i = 0; i < k; i++) {
            below += binomial;
            binomial = binomial * (n - i) / (i + 1);
        }
        return 1 - 2 * below / Math.pow(2, n);
    }

    /** Runs the configuration for {@code seconds}, and at least until each client made {@code minPerClient} sign-ins. */
    static Result run(KeycloakNode server, CodeInbox inbox, FakeTwilio twilio, Users users, int clients, int seconds,
                      int minPerClient) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<List<Sample>> perClient = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                List<Sample> samples = new ArrayList<>();
                int client = i;
                perClient.add(samples);
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < minPerClient || System.nanoTime() < end; n++) {
                        int index = users.take(client);
                        try {
                            // A new browser each time: no SSO cookie, so every iteration is a full sign-in.
                            samples.add(signIn(server, inbox, twilio, users, client, index));
                        } catch (RuntimeException e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("sign-in failed (" + users.config.name() + "): "
                                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
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
        List<Sample> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        return new Result(errors.get(), elapsed, all);
    }

    /**
     * One full sign-in in a new browser (no SSO session); the second factor's code is computed (TOTP) or read
     * from the fake it was sent to. A trusted-device user's browser holds only the user's newest trust cookie,
     * and the sign-in must end without a second factor; until the user has one, it answers TOTP and ticks
     * "trust this browser". Other sign-ins leave the trust page, shown after every second factor, unticked.
     */
    static Sample signIn(KeycloakNode server, CodeInbox inbox, FakeTwilio twilio, Users users, int client, int index) {
        Config c = users.config;
        String username = c.user(client, index);
        // Stops at the trust page (instead of declining it unseen) so that its form post is timed as a part.
        OidcBrowser browser = new OidcBrowser(c.client()).showingTrustPage();
        KeptCookie trust = c.factor() == Factor.TRUSTED ? users.trust[client][index] : null;
        if (trust != null) {
            String path = "/realms/" + c.realm() + "/";
            browser.setCookie(server.baseUrl() + path, trust.name(), trust.value(), path);
        }
        try {
            return signIn(server, inbox, twilio, users, client, index, username, browser, trust != null);
        } finally {
            if (c.factor() == Factor.TRUSTED) {
                // The cookie rotates on every use: keep the newest, also from a sign-in that failed after the
                // server rotated it (presenting the old one again would revoke the device as replayed).
                KeptCookie newest = trustCookie(browser);
                if (newest != null) {
                    users.trust[client][index] = newest;
                }
            }
        }
    }

    private static Sample signIn(KeycloakNode server, CodeInbox inbox, FakeTwilio twilio, Users users, int client, int index,
                                 String username, OidcBrowser browser, boolean trusted) {
        Config c = users.config;
        long t0 = System.nanoTime();
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), c.realm());
        long t1 = System.nanoTime();
        if (c.factor() == Factor.NONE || trusted) {
            OidcBrowser.Page done = browser.submit(auth.formAction(), Map.of("username", username, "password", PASSWORD));
            long t2 = System.nanoTime();
            if (!done.redirectsToClient()) {
                throw new IllegalStateException("no sign-in with the password alone for " + username
                        + (trusted ? " on a trusted browser" : "") + " (" + done.status() + ")"
                        + (done.hasForm(Factor.TOTP.formId) ? ": the OTP form was shown" : "") + " " + done.message());
            }
            browser.complete(server.baseUrl(), c.realm(), auth, done);
            long t3 = System.nanoTime();
            return new Sample(t3 - t0, t1 - t0, t2 - t1, 0, t3 - t2, 0);
        }
        String destination = c.factor() == Factor.SMS_CODE ? c.phone(client, index, users.perClient) : c.email(client, index);
        if (c.factor() == Factor.EMAIL_CODE) {
            inbox.clear(destination);
        }
        int smsBefore = c.factor() == Factor.SMS_CODE ? twilio.messagesTo(destination).size() : 0;
        OidcBrowser.Page page = browser.submit(auth.formAction(), Map.of("username", username, "password", PASSWORD));
        String form = page.formAction(c.factor().formId);
        long t2 = System.nanoTime();
        String code = switch (c.factor()) {
            case TOTP, TRUSTED -> Totp.code(users.totpSecrets[client][index], users.lastStep[client][index]);
            case EMAIL_CODE -> inbox.next(destination);
            case SMS_CODE -> smsCode(twilio, destination, smsBefore);
            case NONE -> throw new IllegalStateException();
        };
        long t3 = System.nanoTime();
        OidcBrowser.Page done = browser.submit(form, Map.of(c.factor().field, code));
        long t4 = System.nanoTime();
        if (done.status() == 200 && done.hasForm(OidcBrowser.TRUST_FORM)) {
            done = browser.answerTrust(done, c.factor() == Factor.TRUSTED);
        } else if (c.factor() == Factor.TRUSTED) {
            throw new IllegalStateException("no trust page after the second factor for " + username + " (" + done.status()
                    + ") " + done.message());
        }
        long t5 = System.nanoTime();
        if (!done.redirectsToClient()) {
            throw new IllegalStateException("code refused for " + username + ": " + done.message());
        }
        browser.complete(server.baseUrl(), c.realm(), auth, done);
        long t6 = System.nanoTime();
        if (c.factor() == Factor.TRUSTED && trustCookie(browser) == null) {
            throw new IllegalStateException("no " + TRUST_COOKIE_PREFIX + "* cookie after trusting the browser for " + username);
        }
        return new Sample(t6 - t0, t1 - t0, t2 - t1, t3 - t2, (t4 - t3) + (t6 - t5), t5 - t4);
    }

    /** The trust cookie the server set in this browser (one user per browser), or null. */
    static KeptCookie trustCookie(OidcBrowser browser) {
        List<String> names = browser.cookieNames(TRUST_COOKIE_PREFIX);
        return names.isEmpty() ? null : new KeptCookie(names.get(0), browser.cookie(names.get(0)));
    }

    /** A cookie a user's browser keeps between sign-ins (its path is the realm's: /realms/<realm>/). */
    record KeptCookie(String name, String value) {
    }

    /** All users of all configurations, one partial import per configuration and client, several at once. */
    static void createUsers(KeycloakNode server, List<Users> all) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Users u : all) {
                RealmResource realm = server.adminClient().realm(u.config.realm());
                for (int client = 0; client < u.totpSecrets.length; client++) {
                    int cl = client;
                    futures.add(pool.submit(() -> {
                        List<UserRepresentation> reps = new ArrayList<>();
                        for (int i = 0; i < u.perClient; i++) {
                            Config c = u.config;
                            List<CredentialRepresentation> credentials = new ArrayList<>();
                            credentials.add(Accounts.password(PASSWORD));
                            switch (c.factor()) {
                                case TOTP, TRUSTED -> credentials.add(totp(u.totpSecrets[cl][i]));
                                case EMAIL_CODE -> credentials.add(Accounts.emailCode());
                                case SMS_CODE -> credentials.add(smsCode(c.phone(cl, i, u.perClient)));
                                case NONE -> { }
                            }
                            reps.add(Accounts.user(c.user(cl, i), c.email(cl, i), true,
                                    credentials.toArray(CredentialRepresentation[]::new)));
                        }
                        Accounts.create(realm, PartialImportRepresentation.Policy.SKIP, reps);
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    /**
     * Keycloak's OTP credential as an authenticator app's enrolment stores it (OTPCredentialModel): the secret
     * as is (no secretEncoding, so its UTF-8 bytes are the key), the realm default policy's parameters.
     */
    static CredentialRepresentation totp(String secret) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp"); // OTPCredentialModel.TYPE (server-spi, not on the bench classpath)
        otp.setUserLabel("bench app");
        otp.setSecretData("{\"value\":\"" + secret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":" + Totp.DIGITS + ",\"counter\":0,\"period\":"
                + Totp.PERIOD_SECONDS + ",\"algorithm\":\"HmacSHA1\"}");
        return otp;
    }

    /**
     * The pack's SMS-code credential as enrolment stores it (SmsCodeCredentialModel): no secret, the verified
     * number in E.164 form in the credential data.
     */
    static CredentialRepresentation smsCode(String e164) {
        CredentialRepresentation sms = new CredentialRepresentation();
        sms.setType("gatehouse-sms-code");
        sms.setSecretData("{}");
        sms.setCredentialData("{\"phoneNumber\":\"" + e164 + "\"}");
        return sms;
    }

    /** The newest code the fake received for this number, once it received more messages than {@code before}. */
    static String smsCode(FakeTwilio twilio, String e164, int before) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (twilio.messagesTo(e164).size() <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no SMS for " + e164 + " within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        return twilio.lastCode(e164);
    }

    /**
     * Puts the SMS code where the flow offers Keycloak's OTP form, unless the realm file already does: registers
     * the setup required action (which holds the realm's SMS options), adds gatehouse-sms-code as an alternative
     * beside auth-otp-form, and names it in the factor conditions that name auth-otp-form.
     */
    static void smsStep(RealmResource realm, String flow) {
        AuthenticationManagementResource flows = realm.flows();
        if (flows.getRequiredActions().stream().noneMatch(a -> "gatehouse-sms-code-setup".equals(a.getAlias()))) {
            RequiredActionProviderSimpleRepresentation action = new RequiredActionProviderSimpleRepresentation();
            action.setProviderId("gatehouse-sms-code-setup");
            action.setName("Gatehouse: Set up SMS codes");
            flows.registerRequiredAction(action);
        }
        List<AuthenticationExecutionInfoRepresentation> executions = flows.getExecutions(flow);
        if (executions.stream().anyMatch(e -> "gatehouse-sms-code".equals(e.getProviderId()))) {
            return;
        }
        Map<Integer, String> subFlowAt = new java.util.HashMap<>(Map.of(0, flow));
        String otpFlow = null;
        for (AuthenticationExecutionInfoRepresentation e : executions) {
            if (e.getAuthenticationFlow() != null && e.getAuthenticationFlow()) {
                subFlowAt.put(e.getLevel() + 1, e.getDisplayName());
            } else if ("auth-otp-form".equals(e.getProviderId())) {
                otpFlow = subFlowAt.get(e.getLevel());
            }
        }
        if (otpFlow == null) {
            throw new IllegalStateException("flow " + flow + " has no auth-otp-form to put the SMS code beside");
        }
        flows.addExecution(otpFlow, Map.of("provider", "gatehouse-sms-code"));
        for (AuthenticationExecutionInfoRepresentation e : flows.getExecutions(flow)) {
            if ("gatehouse-sms-code".equals(e.getProviderId())) {
                e.setRequirement("ALTERNATIVE");
                flows.updateExecutions(flow, e);
            } else if ("gatehouse-condition-factor".equals(e.getProviderId()) && e.getAuthenticationConfig() != null) {
                AuthenticatorConfigRepresentation config = flows.getAuthenticatorConfig(e.getAuthenticationConfig());
                String steps = config.getConfig().get("gatehouse.factor.steps");
                if (steps != null && steps.contains("auth-otp-form")) {
                    config.getConfig().put("gatehouse.factor.steps", steps + "##gatehouse-sms-code");
                    flows.updateAuthenticatorConfig(config.getId(), config);
                }
            }
        }
        System.out.println("added gatehouse-sms-code beside auth-otp-form in \"" + otpFlow + "\" (the realm file has no SMS step)");
    }

    /**
     * The realm's SMS options (config of the required action gatehouse-sms-code-setup): Programmable Messaging
     * through the fake, US numbers, and the toll-fraud controls lifted for the run: every daily budget at the
     * highest value the options accept (100,000) and no growing delay (base 0), since the bench sends each number
     * many codes a day, far more than a person gets.
     */
    static void smsSettings(RealmResource realm, FakeTwilio twilio) {
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(Map.ofEntries(
                Map.entry("gatehouse.sms.sender", "twilio"),
                Map.entry("gatehouse.sms.twilio.accountSid", TWILIO_ACCOUNT),
                Map.entry("gatehouse.sms.twilio.secret", TWILIO_TOKEN),
                Map.entry("gatehouse.sms.twilio.from", "+12015550000"),
                Map.entry("gatehouse.sms.twilio.apiUrl", twilio.baseUrl()),
                Map.entry("gatehouse.sms.defaultRegion", "US"),
                Map.entry("gatehouse.sms.daily.perDestination", "100000"),
                Map.entry("gatehouse.sms.daily.perIp", "100000"),
                Map.entry("gatehouse.sms.daily.perUser", "100000"),
                Map.entry("gatehouse.sms.daily.perCountry", "100000"),
                Map.entry("gatehouse.sms.daily.realmCap", "100000"),
                Map.entry("gatehouse.sms.delay.base", "0")));
        realm.flows().updateRequiredActionConfig("gatehouse-sms-code-setup", rep);
    }

    /**
     * The benchmarks send far more codes than the per-hour budgets allow a person: no cooldown, and the highest
     * budgets the code policy accepts (OtpPolicy: 1000 per user, address and session, 10,000 per IP address an
     * hour), for each execution of the code authenticator in the flow. All bench clients share 127.0.0.1, so a
     * server takes at most {@value #SENDS_PER_IP} coded sign-ins per hour and channel.
     */
    static void unthrottle(RealmResource realm, String flow, String provider) {
        Flows.configure(realm, flow, provider, "gatehouse-bench-" + provider, Map.of("gatehouse.code.resendCooldown", "0",
                "gatehouse.sends.perDestination", "1000", "gatehouse.sends.perUser", "1000",
                "gatehouse.sends.perIp", String.valueOf(SENDS_PER_IP), "gatehouse.sends.perSession", "1000"));
    }

    static final int SENDS_PER_IP = 10_000;

    private static String address(MailAddress to) {
        return to.getEmail().toLowerCase(Locale.ROOT);
    }

    /** The 1, 5 and 15-minute load averages (Linux), or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
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
