package dev.gatehouse.bench;

import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.http.impl.client.HttpClients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.gatehouse.testsupport.fakes.FakeSecretsManager;
import dev.gatehouse.testsupport.fakes.FakeVault;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.ResolverConfig;

/**
 * Vault provider benchmarks: the cached lookup (JMH, the path every SMTP send and broker login takes), a cold
 * lookup through the real AWS SDK and Vault client against the in-process fakes, and N threads missing one key
 * at once (backend calls counted: single flight means one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VaultBenchmark {

    SecretResolver resolver;

    @Setup
    public void setUp() {
        Map<String, String> opts = Map.of("backends", "env");
        resolver = ResolverConfig.build(opts::get, Map.of("KC_VAULT_demo__smtp_2Dpassword", "s3cret"), HostServices.of(null, Runnable::run));
        resolver.resolve("demo", "smtp-password");
    }

    @TearDown
    public void tearDown() {
        resolver.close();
    }

    @Benchmark
    public byte[] cachedLookup() {
        return resolver.resolve("demo", "smtp-password").value().orElseThrow();
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        new Runner(new OptionsBuilder().include(VaultBenchmark.class.getSimpleName() + ".cachedLookup$").build()).run();
        cold();
        stampede(64);
    }

    static void cold() throws Exception {
        try (FakeSecretsManager aws = new FakeSecretsManager(); FakeVault vault = new FakeVault().withToken("root");
             CloseableHttpClient http = HttpClients.createDefault()) {
            aws.put("keycloak/demo/smtp", "{\"password\":\"s3cret\"}");
            vault.putV2("keycloak/demo/smtp", Map.of("password", "s3cret"));
            java.nio.file.Path token = java.nio.file.Files.createTempFile("vault", ".token");
            java.nio.file.Files.writeString(token, "root");
            Map<String, String> opts = new HashMap<>(Map.of("backends", "aws,hashicorp", "aws-region", "us-east-1",
                    "aws-endpoint", aws.uri().toString(), "hashicorp-address", vault.uri().toString(),
                    "hashicorp-token-file", token.toString(), "cache-ttl", "0", "not-found-ttl", "0"));
            try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), HostServices.of(http, Runnable::run))) {
                for (String ref : List.of("aws:smtp#password", "hashicorp:smtp#password")) {
                    for (int i = 0; i < 200; i++) {
                        r.resolve("demo", ref); // warm the JIT and the HTTP connections
                    }
                    int n = 1000;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        r.resolve("demo", ref).value().orElseThrow();
                    }
                    System.out.printf(Locale.ROOT, "cold lookup %-24s %,8.0f µs/op (cache off, in-process fake over loopback HTTP)%n",
                            ref, (System.nanoTime() - t0) / 1e3 / n);
                }
            }
        }
    }

    static void stampede(int threads) throws Exception {
        try (FakeSecretsManager aws = new FakeSecretsManager()) {
            aws.put("keycloak/demo/smtp", "s3cret");
            aws.delay(200); // a slow backend, so every thread arrives while the first call is out
            Map<String, String> opts = Map.of("backends", "aws", "aws-region", "us-east-1", "aws-endpoint", aws.uri().toString());
            try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), HostServices.of(null, Runnable::run))) {
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
                        threads, aws.getCalls(), (System.nanoTime() - t0) / 1e6);
            }
        }
    }
}
