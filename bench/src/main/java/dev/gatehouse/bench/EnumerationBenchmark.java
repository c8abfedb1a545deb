package dev.gatehouse.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.Ports;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Finding 3: does the passwordless address form answer faster for addresses without an account? Runs interleaved
 * pairs of address requests against a production-mode server with the demo realm: in each pair one address has an
 * account and one has none, in an order drawn per pair, each request with a fresh browser (new authentication
 * session, no cookies). Only the address POST is timed. Prints both medians, the median of the paired differences
 * (existing minus unknown) with a bootstrap 95% interval, the sign test ("slower in k of n") and the Wilcoxon
 * signed-rank p-value. The send budgets of the passwordless step are lifted, as the sign-in benchmark does, so
 * throttling doesn't decide the outcome.
 */
public final class EnumerationBenchmark {

    static final String FLOW = "gatehouse-passwordless";
    static final String PROVIDER = "gatehouse-email-code-passwordless";
    static final String CLIENT = "demo-passwordless";
    static final int ACCOUNTS = 50;

    public static void main(String[] args) throws Exception {
        int pairs = 300;
        int warmup = 40;
        long seed = 20261130L;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: EnumerationBenchmark [--pairs N (>= 200)] [--warmup N] [--seed S]");
                    System.exit(2);
                }
            }
        }
        if (pairs < 200) {
            throw new IllegalArgumentException("--pairs must be at least 200");
        }
        GreenMail mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (KeycloakNode server = KeycloakNode.fresh("bench-enumeration").withProviders(BuildInfo.providersDir())
                .withImport(BuildInfo.realmConfig("demo"))
                .withEnv("GATEHOUSE_SMTP_HOST", "127.0.0.1")
                .withEnv("GATEHOUSE_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()))) {
            System.out.println("starting Keycloak " + BuildInfo.keycloakVersion() + " (production mode, dev-file database) ...");
            server.startProduction("--db=dev-file", "--import-realm");
            RealmResource realm = server.adminClient().realm("demo");
            createAccounts(realm);
            SignInBenchmark.unthrottle(realm, FLOW, PROVIDER);

            SplittableRandom random = new SplittableRandom(seed);
            System.out.printf(Locale.ROOT, "seed %d, %d warm-up pairs, %d measured pairs%n", seed, warmup, pairs);
            double[] existing = new double[pairs];
            double[] unknown = new double[pairs];
            int[] errors = new int[1];
            for (int i = -warmup; i < pairs; i++) {
                int n = i + warmup;
                // Same length and shape: only whether an account exists differs.
                String known = String.format(Locale.ROOT, "enum-have-%04d@bench.test", n % ACCOUNTS);
                String missing = String.format(Locale.ROOT, "enum-none-%04d@bench.test", n);
                double a;
                double b;
                if (random.nextBoolean()) {
                    a = timed(server, known, errors);
                    b = timed(server, missing, errors);
                } else {
                    b = timed(server, missing, errors);
                    a = timed(server, known, errors);
                }
                if (i >= 0) {
                    existing[i] = a;
                    unknown[i] = b;
                }
            }
            report(existing, unknown, errors[0], seed);
        } finally {
            mail.stop();
        }
    }

    /** Milliseconds of the address POST, on a fresh browser whose authorization request is not timed. */
    static double timed(KeycloakNode server, String address, int[] errors) {
        OidcBrowser browser = new OidcBrowser(CLIENT);
        OidcBrowser.Authorization auth = browser.authorize(server.baseUrl(), "demo");
        String action = auth.firstPage().formAction("gatehouse-email-address-form");
        long t0 = System.nanoTime();
        OidcBrowser.Page page = browser.submit(action, Map.of("email", address));
        long t1 = System.nanoTime();
        if (page.status() != 200) {
            errors[0]++;
        }
        return (t1 - t0) / 1e6;
    }

    static void createAccounts(RealmResource realm) {
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String name = String.format(Locale.ROOT, "enum-have-%04d", i);
            users.add(Accounts.user(name, name + "@bench.test", true));
        }
        Accounts.create(realm, PartialImportRepresentation.Policy.SKIP, users);
    }

    static void report(double[] existing, double[] unknown, int errors, long seed) {
        int n = existing.length;
        double[] diff = new double[n];
        int slower = 0;
        int faster = 0;
        for (int i = 0; i < n; i++) {
            diff[i] = existing[i] - unknown[i];
            slower += diff[i] > 0 ? 1 : 0;
            faster += diff[i] < 0 ? 1 : 0;
        }
        double[] ci = bootstrapMedianInterval(diff, 10_000, new SplittableRandom(seed ^ 0x5DEECE66DL));
        System.out.printf(Locale.ROOT, "%ncores=%d java=%s os=%s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "pairs=%d errors (non-200 pages)=%d%n", n, errors);
        System.out.printf(Locale.ROOT, "median existing address:  %8.2f ms%n", median(existing));
        System.out.printf(Locale.ROOT, "median unknown address:   %8.2f ms%n", median(unknown));
        System.out.printf(Locale.ROOT, "median paired difference: %8.2f ms (existing - unknown), bootstrap 95%% CI [%.2f, %.2f]%n",
                median(diff), ci[0], ci[1]);
        System.out.printf(Locale.ROOT, "sign test: existing slower in %d of %d pairs (faster in %d), two-sided p = %.3g%n",
                slower, slower + faster, faster, signTestP(slower, slower + faster));
        System.out.printf(Locale.ROOT, "Wilcoxon signed-rank: two-sided p = %.3g%n", wilcoxonP(diff));
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** Percentile bootstrap of the median: resample the pairs with replacement. */
    static double[] bootstrapMedianInterval(double[] d, int resamples, SplittableRandom random) {
        double[] medians = new double[resamples];
        double[] sample = new double[d.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < d.length; i++) {
                sample[i] = d[random.nextInt(d.length)];
            }
            medians[r] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (0.025 * resamples)], medians[(int) (0.975 * resamples) - 1]};
    }

    /** Exact two-sided binomial test of k successes in n at p = 1/2. */
    static double signTestP(int k, int n) {
        if (n == 0) {
            return 1;
        }
        int extreme = Math.max(k, n - k);
        double[] logChoose = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            logChoose[i] = logChoose[i - 1] + Math.log((double) (n - i + 1) / i);
        }
        double tail = 0;
        for (int i = extreme; i <= n; i++) {
            tail += Math.exp(logChoose[i] - n * Math.log(2));
        }
        return Math.min(1, 2 * tail);
    }

    /** Wilcoxon signed-rank test, normal approximation with tie and continuity correction; zero differences dropped. */
    static double wilcoxonP(double[] d) {
        double[] nonZero = Arrays.stream(d).filter(x -> x != 0).toArray();
        int n = nonZero.length;
        if (n == 0) {
            return 1;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(Math.abs(nonZero[x]), Math.abs(nonZero[y])));
        double[] rank = new double[n];
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Math.abs(nonZero[order[j + 1]]) == Math.abs(nonZero[order[i]])) {
                j++;
            }
            double average = (i + j + 2) / 2.0;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = average;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double wPlus = 0;
        for (int i = 0; i < n; i++) {
            wPlus += nonZero[i] > 0 ? rank[i] : 0;
        }
        double mean = n * (n + 1) / 4.0;
        double sd = Math.sqrt(n * (n + 1) * (2.0 * n + 1) / 24.0 - tieTerm / 48.0);
        double z = (Math.abs(wPlus - mean) - 0.5) / sd;
        return Math.min(1, 2 * upperNormalTail(Math.max(0, z)));
    }

    /** P(Z > z) for a standard normal Z (complementary error function, Numerical Recipes' erfcc; relative error < 1.2e-7). */
    static double upperNormalTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return erfc / 2;
    }
}
