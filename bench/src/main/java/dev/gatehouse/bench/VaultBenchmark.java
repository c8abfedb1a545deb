package dev.gatehouse.bench;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.Config;
import org.keycloak.connections.httpclient.HttpClientBuilder;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.FilesPlainTextVaultProviderFactory;
import org.keycloak.vault.VaultProvider;
import org.keycloak.vault.VaultProviderFactory;
import org.keycloak.vault.VaultRawSecret;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import dev.gatehouse.testsupport.fakes.FakeAzureKeyVault;
import dev.gatehouse.testsupport.fakes.FakeGoogleSecretManager;
import dev.gatehouse.testsupport.fakes.FakeSecretsManager;
import dev.gatehouse.testsupport.fakes.FakeVault;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.ResolverConfig;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.keycloak.GatehouseVaultProviderFactory;

/**
 * Vault provider benchmarks, in one JMH run:
 * <ul>
 * <li>a cached lookup as Keycloak makes it ({@code VaultProvider.obtainSecret}, read the value, close) of our
 * provider beside Keycloak's own {@code files-plaintext} provider reading the same 24-byte secret from a file;
 * both built by their factories, as the server builds them; and the same with the factory's per-session
 * {@code create} included, as a request that reads one secret pays it;</li>
 * <li>a cold lookup per backend through the real client code against its in-process fake over loopback HTTP:
 * the cache flushed before every lookup, the backend's token (Vault, Entra ID, Google) already fetched;</li>
 * <li>then N threads missing one key at once (backend calls counted: single flight means one).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VaultBenchmark {

    static final String REALM = "demo";
    static final String ID = "smtp-password";
    /** The same bytes for every provider and backend. */
    static final String VALUE = "Smtp-s3cret-0123456789ab";

    /** Both providers, each created by its factory for a session in realm demo. */
    @State(Scope.Benchmark)
    public static class Providers {
        FakeSecretsManager aws;
        Path dir;
        GatehouseVaultProviderFactory oursFactory;
        VaultProviderFactory filesFactory;
        KeycloakSession session;
        VaultProvider ours;
        VaultProvider files;
        SecretResolver resolver;

        @Setup
        public void setUp() throws Exception {
            awsCredentials();
            aws = new FakeSecretsManager();
            aws.put("keycloak/demo/" + ID, VALUE);
            session = session(REALM);
            oursFactory = new GatehouseVaultProviderFactory();
            // cache-ttl far beyond the run: every measured lookup is a hit (expiry still checked on each).
            oursFactory.init(scope(Map.of("backends", "aws", "aws-region", "us-east-1", "aws-endpoint", aws.uri().toString(),
                    "cache-ttl", "PT1H")));
            ours = oursFactory.create(session);
            resolver = ResolverConfig.build(Map.of("backends", "env", "cache-ttl", "PT1H")::get,
                    Map.of("KC_VAULT_demo__smtp_2Dpassword", VALUE), HostServices.of(null, Runnable::run));
            resolver.resolve(REALM, ID);
            dir = Files.createTempDirectory("kc-vault");
            Files.writeString(dir.resolve(REALM + "_" + ID), VALUE); // files-plaintext's default key resolver: realm_key
            filesFactory = new FilesPlainTextVaultProviderFactory();
            filesFactory.init(scope(Map.of("dir", dir.toString())));
            files = filesFactory.create(session);
            for (VaultProvider p : List.of(ours, files)) { // the first of ours is the backend fetch
                try (VaultRawSecret s = p.obtainSecret(ID)) {
                    String got = new String(s.getAsArray().orElseThrow(), StandardCharsets.UTF_8);
                    if (!VALUE.equals(got)) {
                        throw new IllegalStateException(p.getClass().getSimpleName() + " read " + got.length() + " bytes, not the secret");
                    }
                }
            }
            if (aws.getCalls() != 1) {
                throw new IllegalStateException("expected one backend call, saw " + aws.getCalls());
            }
        }

        @TearDown
        public void tearDown() throws Exception {
            if (aws.getCalls() != 1) {
                throw new IllegalStateException("a measured lookup was not a cache hit: " + aws.getCalls() + " backend calls");
            }
            ours.close();
            files.close();
            resolver.close();
            oursFactory.close();
            filesFactory.close();
            aws.close();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(3)
    public void cachedGatehouse(Providers p, Blackhole bh) {
        try (VaultRawSecret s = p.ours.obtainSecret(ID)) {
            bh.consume(s.getAsArray().orElseThrow());
        }
    }

    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(3)
    public void cachedFilesPlaintext(Providers p, Blackhole bh) {
        try (VaultRawSecret s = p.files.obtainSecret(ID)) {
            bh.consume(s.getAsArray().orElseThrow());
        }
    }

    /**
     * Per request as Keycloak does it: {@code session.vault()} creates the provider for the session, then one
     * secret is read. Same as above plus each factory's {@code create}.
     */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(2)
    public void perSessionGatehouse(Providers p, Blackhole bh) {
        VaultProvider ours = p.oursFactory.create(p.session);
        try (VaultRawSecret s = ours.obtainSecret(ID)) {
            bh.consume(s.getAsArray().orElseThrow());
        }
        ours.close();
    }

    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(2)
    public void perSessionFilesPlaintext(Providers p, Blackhole bh) {
        VaultProvider files = p.filesFactory.create(p.session);
        try (VaultRawSecret s = files.obtainSecret(ID)) {
            bh.consume(s.getAsArray().orElseThrow());
        }
        files.close();
    }

    /** Ours without the Keycloak wrapping: the resolver's hit (memoised reference, cache read, expiry check, copy). */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public byte[] cachedResolverOnly(Providers p) {
        return p.resolver.resolve(REALM, ID).value().orElseThrow();
    }

    /** What the stub session costs ours per lookup (session.getContext().getRealm().getName(), all proxies). */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public String stubSessionRealmName(Providers p) {
        return p.session.getContext().getRealm().getName();
    }

    /** One backend behind our resolver, against its fake; the token is fetched in setUp. */
    @State(Scope.Benchmark)
    public static class Backend {
        @Param({"env", "aws", "hashicorp", "azure", "gcp"})
        String backend;

        AutoCloseable fake;
        CloseableHttpClient http;
        SecretResolver resolver;
        String ref;

        @Setup
        public void setUp() throws Exception {
            awsCredentials();
            // Built as Keycloak's default HttpClientFactory builds the client HttpClientProvider hands out.
            http = new HttpClientBuilder().socketTimeout(5, TimeUnit.SECONDS).establishConnectionTimeout(5, TimeUnit.SECONDS)
                    .disableCookies(true).build();
            Map<String, String> opts = new HashMap<>(Map.of("backends", backend, "cache-ttl", "PT1H"));
            Map<String, String> env = Map.of();
            String flat = "keycloak--demo--smtp-2Dpassword";
            switch (backend) {
                case "env" -> env = Map.of("KC_VAULT_demo__smtp_2Dpassword", VALUE);
                case "aws" -> {
                    FakeSecretsManager f = new FakeSecretsManager();
                    f.put("keycloak/demo/" + ID, VALUE);
                    opts.putAll(Map.of("aws-region", "us-east-1", "aws-endpoint", f.uri().toString()));
                    fake = f;
                }
                case "hashicorp" -> {
                    FakeVault f = new FakeVault().withToken("root");
                    f.putV2("keycloak/demo/" + ID, Map.of("value", VALUE));
                    Path token = Files.createTempFile("vault", ".token");
                    Files.writeString(token, "root");
                    token.toFile().deleteOnExit();
                    opts.putAll(Map.of("hashicorp-address", f.uri().toString(), "hashicorp-token-file", token.toString()));
                    fake = f;
                }
                case "azure" -> {
                    FakeAzureKeyVault f = new FakeAzureKeyVault().withManagedIdentity("smtp-reader");
                    f.put(flat, VALUE);
                    opts.putAll(Map.of("azure-vault-url", f.uri() + "/", "azure-imds-endpoint", f.uri().toString(),
                            "azure-client-id", "smtp-reader"));
                    fake = f;
                }
                case "gcp" -> {
                    FakeGoogleSecretManager f = new FakeGoogleSecretManager("gatehouse-bench");
                    f.put(flat, VALUE);
                    opts.putAll(Map.of("gcp-project", "gatehouse-bench", "gcp-endpoint", f.uri().toString(),
                            "gcp-metadata-host", f.metadataHost()));
                    fake = f;
                }
                default -> throw new IllegalArgumentException(backend);
            }
            resolver = ResolverConfig.build(opts::get, env, HostServices.of(http, Runnable::run));
            ref = backend + ":" + ID;
            byte[] v = resolver.resolve(REALM, ref).value().orElseThrow(() -> new IllegalStateException(backend + " did not resolve"));
            if (!VALUE.equals(new String(v, StandardCharsets.UTF_8))) {
                throw new IllegalStateException(backend + " read the wrong value");
            }
        }

        @TearDown
        public void tearDown() throws Exception {
            resolver.close();
            http.close();
            if (fake != null) {
                fake.close();
            }
        }
    }

    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public byte[] coldLookup(Backend b) {
        b.resolver.flush(REALM, null);
        return b.resolver.resolve(REALM, b.ref).value().orElseThrow();
    }

    public static void main(String[] args) throws Exception {
        String out = System.getProperty("gatehouse.work.dir", "bench/target") + "/vault-jmh.json";
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(VaultBenchmark.class.getName() + "\\.")
                // The fakes' HTTP server pools outlive close(); don't wait JMH's default 30 s for them per fork.
                .jvmArgs("-Xms256m", "-Xmx512m", "-Djmh.shutdownTimeout=1", "-Djmh.shutdownTimeout.step=1").resultFormat(ResultFormatType.JSON).result(out).build()).run();
        System.out.println();
        table(results);
        System.out.println("JMH results: " + out);
        stampede(64);
        System.exit(0); // the fakes' HTTP server threads (non-daemon, 60 s idle) would hold the JVM a minute longer
    }

    /** Medians over all measured iterations, and JMH's 99.9% error on the mean. */
    static void table(Collection<RunResult> results) {
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(VaultBenchmark::rank));
        System.out.printf(Locale.ROOT, "%-44s %14s %26s%n", "lookup", "median", "mean ± 99.9% error");
        Map<String, Result<?>> byName = new HashMap<>();
        for (RunResult r : sorted) {
            Result<?> p = r.getPrimaryResult();
            byName.put(label(r), p);
            Statistics s = p.getStatistics();
            System.out.printf(Locale.ROOT, "%-44s %14s %26s%n", label(r), time(s.getPercentile(50), s.getPercentile(50)),
                    time(s.getMean(), s.getMean()) + " ± " + time(p.getScoreError(), s.getMean()));
        }
        ratio("cached", byName.get("cached: gatehouse obtainSecret"), byName.get("cached: files-plaintext obtainSecret"));
        ratio("per session", byName.get("per session: gatehouse create + obtainSecret"),
                byName.get("per session: files-plaintext create + obtain"));
    }

    static void ratio(String what, Result<?> ours, Result<?> files) {
        if (ours != null && files != null) {
            double lo = (files.getScore() - files.getScoreError()) / (ours.getScore() + ours.getScoreError());
            double oursLow = ours.getScore() - ours.getScoreError();
            String hi = oursLow > 0 ? String.format(Locale.ROOT, "%.0f×", (files.getScore() + files.getScoreError()) / oursLow) : "∞";
            System.out.printf(Locale.ROOT, "files-plaintext / gatehouse, %s: %.0f× (medians); %.0f× to %s (means within their error)%n",
                    what, files.getStatistics().getPercentile(50) / ours.getStatistics().getPercentile(50), lo, hi);
        }
    }

    /** Table order: ours, its parts, Keycloak's, then the cold lookups in the order of the backend parameter. */
    static int rank(RunResult r) {
        String method = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
        String backend = r.getParams().getParam("backend");
        return List.of("cachedGatehouse", "cachedResolverOnly", "stubSessionRealmName", "cachedFilesPlaintext", "perSessionGatehouse",
                "perSessionFilesPlaintext", "coldLookup").indexOf(method) * 10
                + (backend == null ? 0 : List.of("env", "aws", "hashicorp", "azure", "gcp").indexOf(backend));
    }

    static String label(RunResult r) {
        String method = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
        return switch (method) {
            case "cachedGatehouse" -> "cached: gatehouse obtainSecret";
            case "cachedFilesPlaintext" -> "cached: files-plaintext obtainSecret";
            case "cachedResolverOnly" -> "  of which SecretResolver.resolve (hit)";
            case "stubSessionRealmName" -> "  of which the stub session (proxies)";
            case "perSessionGatehouse" -> "per session: gatehouse create + obtainSecret";
            case "perSessionFilesPlaintext" -> "per session: files-plaintext create + obtain";
            case "coldLookup" -> "cold: " + r.getParams().getParam("backend") + " (cache flushed, token held)";
            default -> method;
        };
    }

    /** {@code ns} in the unit that suits {@code scale}: µs from 10 µs up, else ns. */
    static String time(double ns, double scale) {
        return scale >= 10_000 ? String.format(Locale.ROOT, "%.1f µs", ns / 1e3) : String.format(Locale.ROOT, "%.1f ns", ns);
    }

    static void awsCredentials() {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    /** Options as Keycloak passes them to a factory's init ({@code --spi-vault--<provider>--<name>}). */
    static Config.Scope scope(Map<String, String> options) {
        return (Config.Scope) Proxy.newProxyInstance(VaultBenchmark.class.getClassLoader(), new Class<?>[] {Config.Scope.class},
                (p, m, a) -> "get".equals(m.getName()) && a != null ? options.getOrDefault((String) a[0], a.length > 1 ? (String) a[1] : null) : null);
    }

    /**
     * A session whose context is realm {@code name}; its factory takes events (ours publishes one per backend
     * fetch) and drops them. The answers are constants so the stub costs the least a proxy can.
     */
    static KeycloakSession session(String name) {
        ClassLoader cl = VaultBenchmark.class.getClassLoader();
        RealmModel realm = (RealmModel) Proxy.newProxyInstance(cl, new Class<?>[] {RealmModel.class},
                (p, m, a) -> "getName".equals(m.getName()) ? name : "getId".equals(m.getName()) ? name + "-id" : null);
        KeycloakContext context = (KeycloakContext) Proxy.newProxyInstance(cl, new Class<?>[] {KeycloakContext.class},
                (p, m, a) -> "getRealm".equals(m.getName()) ? realm : null);
        KeycloakSessionFactory factory = (KeycloakSessionFactory) Proxy.newProxyInstance(cl, new Class<?>[] {KeycloakSessionFactory.class},
                (p, m, a) -> null);
        return (KeycloakSession) Proxy.newProxyInstance(cl, new Class<?>[] {KeycloakSession.class},
                (p, m, a) -> "getContext".equals(m.getName()) ? context : "getKeycloakSessionFactory".equals(m.getName()) ? factory : null);
    }

    static void stampede(int threads) throws Exception {
        awsCredentials();
        try (FakeSecretsManager aws = new FakeSecretsManager()) {
            aws.put("keycloak/demo/smtp", "s3cret");
            aws.put("keycloak/demo/warm-up", "s3cret");
            Map<String, String> opts = Map.of("backends", "aws", "aws-region", "us-east-1", "aws-endpoint", aws.uri().toString());
            try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), HostServices.of(null, Runnable::run))) {
                // The benchmarks ran in forked JVMs: load and initialise the AWS SDK here before timing.
                r.resolve("demo", "warm-up").value().orElseThrow();
                int before = aws.getCalls();
                aws.delay(200); // a slow backend, so every thread arrives while the first call is out
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        return r.resolve("demo", "smtp").value().orElseThrow();
                    }));
                }
                long t0 = System.nanoTime();
                go.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                System.out.printf(Locale.ROOT, "stampede: %d threads missing one key at once: %d backend call(s), all answered in %.0f ms%n",
                        threads, aws.getCalls() - before, (System.nanoTime() - t0) / 1e6);
            }
        }
    }
}
