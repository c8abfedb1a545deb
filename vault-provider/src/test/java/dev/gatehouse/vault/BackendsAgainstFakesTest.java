package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientBuilder;
import org.keycloak.connections.httpclient.ProxyMappings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gatehouse.testsupport.fakes.FakeSecretsManager;
import dev.gatehouse.testsupport.fakes.FakeVault;
import dev.gatehouse.vault.backend.AwsSecretsManagerBackend;
import dev.gatehouse.vault.backend.HashiCorpVaultBackend;

/**
 * The real clients against in-process fakes of the services' wire protocols: the AWS SDK v2, and our Vault client on
 * an Apache HttpClient built by Keycloak's own {@link HttpClientBuilder}, as the server's HttpClientProvider builds it.
 */
class BackendsAgainstFakesTest {

    /**
     * Timeouts of calls that must succeed: far above any answer of the fakes, so a loaded machine (or the AWS SDK's
     * first call in a JVM, which loads much of the SDK) is no failure. Short timeouts only where a test is about one.
     */
    static final Duration LENIENT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    FakeSecretsManager aws;
    FakeVault vault;
    final List<CloseableHttpClient> clients = new ArrayList<>();

    @BeforeAll
    static void awsCredentials() {
        // The SDK's default chain reads these system properties first; the fake checks a SigV4 header arrives.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @AfterEach
    void stop() throws Exception {
        if (aws != null) {
            aws.close();
        }
        if (vault != null) {
            vault.close();
        }
        for (CloseableHttpClient c : clients) {
            c.close();
        }
    }

    AwsSecretsManagerBackend awsBackend(Duration timeout) {
        aws = aws == null ? new FakeSecretsManager() : aws;
        return new AwsSecretsManagerBackend("us-east-1", aws.uri(), timeout);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void awsSuccessVersionsAndSigV4() throws Exception {
        AwsSecretsManagerBackend b = awsBackend(LENIENT);
        String v1 = aws.put("keycloak/demo/smtp", "{\"password\":\"one\"}");
        aws.put("keycloak/demo/smtp", "{\"password\":\"two\"}");
        assertEquals("{\"password\":\"two\"}", text(b.fetch("keycloak/demo/smtp", null).value()));
        assertEquals("{\"password\":\"one\"}", text(b.fetch("keycloak/demo/smtp", "AWSPREVIOUS").value()));
        assertEquals("{\"password\":\"one\"}", text(b.fetch("keycloak/demo/smtp", v1).value()));
        assertTrue(aws.lastAuthorization().contains("Credential=AKIDEXAMPLE/"), aws.lastAuthorization());
        assertTrue(aws.lastAuthorization().contains("/us-east-1/secretsmanager/aws4_request"), aws.lastAuthorization());
        b.check();
        b.close();
    }

    @Test
    void awsErrorsMapToKinds() {
        AwsSecretsManagerBackend b = awsBackend(LENIENT);
        assertEquals(BackendException.Kind.NOT_FOUND, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/none", null).value()).kind());
        aws.put("keycloak/demo/locked", "x");
        aws.deny("keycloak/demo/locked");
        assertEquals(BackendException.Kind.ACCESS_DENIED, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/locked", null).value()).kind());
        aws.failWith("ThrottlingException");
        assertEquals(BackendException.Kind.THROTTLED, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/locked", null).value()).kind());
        aws.failWith("InternalServiceError");
        assertEquals(BackendException.Kind.UNAVAILABLE, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/locked", null).value()).kind());
    }

    @Test
    void awsOutagesAreUnavailable() {
        AwsSecretsManagerBackend b = awsBackend(Duration.ofMillis(500));
        aws.put("keycloak/demo/smtp", "x");
        aws.delay(2000);
        BackendException timeout = assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null).value());
        assertEquals(BackendException.Kind.UNAVAILABLE, timeout.kind(), timeout.getMessage());
        aws.delay(0);
        aws.down();
        assertEquals(BackendException.Kind.UNAVAILABLE, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null).value()).kind());
    }

    /** Through the whole resolver: field selection, realm scoping, the stale value during an outage, then failure. */
    @Test
    void resolverWithAwsServesStaleThenFails() throws Exception {
        aws = new FakeSecretsManager();
        aws.put("keycloak/demo/smtp", "{\"password\":\"s3cret\",\"user\":\"mailer\"}");
        aws.put("keycloak/other/smtp", "{\"password\":\"theirs\"}");
        Map<String, String> opts = new HashMap<>(Map.of("backends", "aws,env", "aws-region", "us-east-1",
                "aws-endpoint", aws.uri().toString(), "aws-timeout", LENIENT.toString(), "cache-ttl", "0", "max-stale", "PT1H", "retry-backoff", "0"));
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), HostServices.of(keycloakClient(LENIENT, null), Runnable::run))) {
            SecretResolver.Lookup ok = r.resolve("demo", "smtp#password");
            assertEquals("s3cret", text(ok.value().orElseThrow()));
            assertEquals("keycloak/demo/smtp", ok.backendName());
            assertTrue(ok.fetched());
            assertEquals(SecretCache.Outcome.NOT_FOUND, r.resolve("demo", "smtp#nofield").outcome());
            // Realm demo can't name realm other's secret: every name is under keycloak/demo/.
            assertThrows(IllegalArgumentException.class, () -> r.resolve("demo", "../other/smtp#password"));
            assertEquals(SecretCache.Outcome.NOT_FOUND, r.resolve("demo", "other/smtp#password").outcome());

            aws.down();
            SecretResolver.Lookup stale = r.resolve("demo", "smtp#password");
            assertEquals(SecretCache.Outcome.STALE, stale.outcome(), stale.detail());
            assertEquals("s3cret", text(stale.value().orElseThrow()));
            aws.up();
            aws.put("keycloak/demo/smtp", "{\"password\":\"rotated\"}");
            assertEquals("rotated", text(r.resolve("demo", "smtp#password").value().orElseThrow()), "rotation after the TTL");
        }
    }

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    /** Built as Keycloak's default HttpClientFactory builds the client HttpClientProvider hands out. */
    CloseableHttpClient keycloakClient(Duration socketTimeout, String proxyMappings) {
        HttpClientBuilder b = new HttpClientBuilder().socketTimeout(socketTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .establishConnectionTimeout(socketTimeout.toMillis(), TimeUnit.MILLISECONDS).disableCookies(true);
        if (proxyMappings != null) {
            b.proxyMappings(ProxyMappings.valueOf(proxyMappings));
        }
        CloseableHttpClient client = b.build();
        clients.add(client);
        return client;
    }

    HashiCorpVaultBackend vaultBackend(HashiCorpVaultBackend.Auth auth, int kv, String namespace) throws Exception {
        return vaultBackend(auth, kv, namespace, LENIENT);
    }

    /** With the host client's socket timeout: the one Keycloak's admin sets. */
    HashiCorpVaultBackend vaultBackend(HashiCorpVaultBackend.Auth auth, int kv, String namespace, Duration clientTimeout) throws Exception {
        return vaultBackend(auth, kv, namespace, vault.uri(), null, HostServices.of(keycloakClient(clientTimeout, null), Runnable::run),
                Clock.systemUTC());
    }

    HashiCorpVaultBackend vaultBackend(HashiCorpVaultBackend.Auth auth, int kv, String namespace, URI address, Duration timeout,
                                       HostServices host, Clock clock) throws Exception {
        return new HashiCorpVaultBackend(new HashiCorpVaultBackend.Settings(address, namespace, auth, file("token", "root-token"),
                vault.roleId(), file("secret-id", vault.secretId()), "keycloak", file("jwt", vault.kubernetesJwt()),
                auth == HashiCorpVaultBackend.Auth.KUBERNETES ? "kubernetes" : "approle", kv == 2 ? "secret" : "kv", kv,
                timeout), host, clock);
    }

    @Test
    void vaultKv2WithTokenVersionsAndErrors() throws Exception {
        vault = new FakeVault().withToken("root-token");
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        vault.putV2("keycloak/demo/smtp", Map.of("password", "two"));
        vault.putV2("keycloak/demo/idp", Map.of("client_id", "kc", "client_secret", "shh"));
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null);
        b.check();
        assertEquals("two", text(FieldSelector.only(b.fetch("keycloak/demo/smtp", null).value())), "a one-key secret is its value");
        assertEquals("one", text(FieldSelector.only(b.fetch("keycloak/demo/smtp", "1").value())));
        assertEquals(BackendException.Kind.BAD_RESPONSE, assertThrows(BackendException.class,
                () -> FieldSelector.only(b.fetch("keycloak/demo/idp", null).value())).kind(), "two keys and no #field");
        assertEquals("shh", text(FieldSelector.select(b.fetch("keycloak/demo/idp", null).value(), "client_secret")));
        assertEquals(BackendException.Kind.NOT_FOUND, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/none", null).value()).kind());
        vault.revokeAllTokens();
        assertEquals(BackendException.Kind.ACCESS_DENIED, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null).value()).kind());
        // An operator rotates the token into the file: the next 403 reads it again and the read succeeds.
        vault.withToken("rotated-token");
        Files.writeString(dir.resolve("token"), "rotated-token");
        assertEquals("two", text(FieldSelector.only(b.fetch("keycloak/demo/smtp", null).value())));
    }

    @Test
    void vaultSealedAndOutagesAreUnavailable() throws Exception {
        vault = new FakeVault().withToken("root-token");
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null);
        HashiCorpVaultBackend strict = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null, Duration.ofMillis(800));
        vault.seal(true);
        BackendException sealed = assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null).value());
        assertEquals(BackendException.Kind.UNAVAILABLE, sealed.kind());
        assertTrue(sealed.getMessage().contains("sealed"), sealed.getMessage());
        vault.seal(false);
        vault.delay(2000);
        BackendException late = assertThrows(BackendException.class, () -> strict.fetch("keycloak/demo/smtp", null).value());
        assertEquals(BackendException.Kind.UNAVAILABLE, late.kind(), "the client's 800 ms socket timeout, as an admin sets it in Keycloak");
        assertTrue(late.getMessage().contains("Keycloak's HTTP client timeouts"), late.getMessage());
        // hashicorp-timeout tightens a lenient client for Vault calls only.
        HashiCorpVaultBackend tight = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null, vault.uri(), Duration.ofMillis(300),
                HostServices.of(keycloakClient(Duration.ofSeconds(30), null), Runnable::run), Clock.systemUTC());
        BackendException tightened = assertThrows(BackendException.class, () -> tight.fetch("keycloak/demo/smtp", null).value());
        assertTrue(tightened.getMessage().contains("within PT0.3S"), tightened.getMessage());
        vault.delay(0);
        vault.down();
        assertEquals(BackendException.Kind.UNAVAILABLE, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null).value()).kind());
    }

    @Test
    void vaultAppRoleLogsInAgainWhenTheTokenExpires() throws Exception {
        vault = new FakeVault().withNamespace("team-a");
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.APPROLE, 2, "team-a");
        assertEquals("one", text(FieldSelector.select(b.fetch("keycloak/demo/smtp", null).value(), "password")));
        assertEquals(1, vault.logins());
        vault.revokeAllTokens();
        assertEquals("one", text(FieldSelector.select(b.fetch("keycloak/demo/smtp", null).value(), "password")), "one re-login on 403, then the read");
        assertEquals(2, vault.logins());
        HashiCorpVaultBackend wrongNamespace = vaultBackend(HashiCorpVaultBackend.Auth.APPROLE, 2, "team-b");
        assertEquals(BackendException.Kind.ACCESS_DENIED, assertThrows(BackendException.class,
                () -> wrongNamespace.fetch("keycloak/demo/smtp", null).value()).kind());
    }

    @Test
    void vaultKubernetesAuthRenewsItsLeaseAndKv1Works() throws Exception {
        vault = new FakeVault().withLease(0);
        vault.putV1("keycloak/demo/smtp", Map.of("value", "kv1-secret"));
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.KUBERNETES, 1, null);
        assertEquals("kv1-secret", text(FieldSelector.only(b.fetch("keycloak/demo/smtp", null).value())));
        assertEquals(1, vault.logins());
        assertEquals(BackendException.Kind.BAD_RESPONSE, assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", "2").value()).kind(),
                "KV v1 has no versions");

        vault.close();
        vault = new FakeVault().withLease(2);
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        Deque<Runnable> background = new ArrayDeque<>();
        HashiCorpVaultBackend renewing = vaultBackend(HashiCorpVaultBackend.Auth.KUBERNETES, 2, null, vault.uri(), null,
                HostServices.of(keycloakClient(LENIENT, null), background::add), clock);
        renewing.fetch("keycloak/demo/smtp", null).value();
        clock.advance(Duration.ofMillis(999));
        renewing.fetch("keycloak/demo/smtp", null).value();
        assertTrue(background.isEmpty(), "nothing to renew before half the 2 s lease");
        clock.advance(Duration.ofMillis(1));
        assertEquals("one", text(FieldSelector.only(renewing.fetch("keycloak/demo/smtp", null).value())), "the lookup doesn't wait for the renewal");
        renewing.fetch("keycloak/demo/smtp", null).value();
        assertEquals(1, background.size(), "one renewal handed to the executor, not one per lookup");
        assertEquals(0, vault.renewals());
        background.pop().run();
        assertEquals(1, vault.renewals(), "renewed at half its lease, in the background");
        assertEquals(1, vault.logins());
        renewing.fetch("keycloak/demo/smtp", null).value();
        assertTrue(background.isEmpty(), "the renewed lease starts again");
    }

    /** A login lease is believed up to 366 days, so renewal (at half of it) is due within 183 days, never overflowed. */
    @Test
    void vaultLoginLeaseIsCappedAt366Days() throws Exception {
        vault = new FakeVault().withLease(Long.MAX_VALUE);
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        Deque<Runnable> background = new ArrayDeque<>();
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.APPROLE, 2, null, vault.uri(), null,
                HostServices.of(keycloakClient(LENIENT, null), background::add), clock);
        b.fetch("keycloak/demo/smtp", null);
        b.fetch("keycloak/demo/smtp", null);
        assertTrue(background.isEmpty(), "no renewal due right after login");
        clock.advance(Duration.ofDays(183).minusMillis(1));
        b.fetch("keycloak/demo/smtp", null);
        assertTrue(background.isEmpty(), "not before half of 366 days");
        clock.advance(Duration.ofMillis(1));
        b.fetch("keycloak/demo/smtp", null);
        assertEquals(1, background.size(), "due at half of 366 days");
    }

    /** Vault standbys answer 307 to the active node: not followed, as the token would go along. */
    @Test
    void vaultRedirectIsNotFollowed() throws Exception {
        vault = new FakeVault().withToken("root-token");
        try (FakeVault elsewhere = new FakeVault().withToken("root-token")) {
            elsewhere.putV2("keycloak/demo/smtp", Map.of("password", "one"));
            vault.redirect("/v1/", elsewhere.uri());
            HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null);
            BackendException e = assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null));
            assertEquals(BackendException.Kind.BAD_RESPONSE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("302") && e.getMessage().contains("not followed"), e.getMessage());
            assertEquals(0, elsewhere.requests(), "the token never reached the other server");
        }
    }

    /** A host whose client can't be built (Keycloak's truststore fails to load, say) fails the lookup, not the request. */
    @Test
    void vaultWithoutAnHttpClientIsUnavailable() throws Exception {
        vault = new FakeVault().withToken("root-token");
        HostServices broken = new HostServices() {
            @Override
            public CloseableHttpClient httpClient() {
                throw new IllegalStateException("Failed to load truststore");
            }

            @Override
            public long maxResponseBytes() {
                return DEFAULT_MAX_RESPONSE_BYTES;
            }

            @Override
            public java.util.concurrent.Executor background() {
                return Runnable::run;
            }
        };
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null, vault.uri(), null, broken, Clock.systemUTC());
        BackendException e = assertThrows(BackendException.class, () -> b.fetch("keycloak/demo/smtp", null).value());
        assertEquals(BackendException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("Failed to load truststore"), e.getMessage());
    }

    /** Keycloak's proxy-mappings route Vault calls: the address's host doesn't resolve, only the proxy is reachable. */
    @Test
    void vaultCallsGoThroughTheClientsProxy() throws Exception {
        vault = new FakeVault().withToken("root-token"); // answers absolute-form requests as a forward proxy would pass them on
        vault.putV2("keycloak/demo/smtp", Map.of("password", "proxied"));
        HashiCorpVaultBackend b = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null, URI.create("http://vault.gatehouse.invalid:8200"),
                null, HostServices.of(keycloakClient(LENIENT, ".*\\.invalid;" + vault.uri()), Runnable::run), Clock.systemUTC());
        assertEquals("proxied", text(FieldSelector.only(b.fetch("keycloak/demo/smtp", null).value())));
        HashiCorpVaultBackend direct = vaultBackend(HashiCorpVaultBackend.Auth.TOKEN, 2, null, URI.create("http://vault.gatehouse.invalid:8200"),
                null, HostServices.of(keycloakClient(LENIENT, null), Runnable::run), Clock.systemUTC());
        assertEquals(BackendException.Kind.UNAVAILABLE, assertThrows(BackendException.class, () -> direct.fetch("keycloak/demo/smtp", null).value()).kind(),
                "without the proxy mapping the host does not resolve");
    }

    /** IRSA: no keys anywhere, a web identity token file and a role; the SDK's default chain asks STS. */
    @Test
    void awsCredentialsFromWebIdentity() throws Exception {
        Path token = file("web-identity-token", "eyJhbGciOiJSUzI1NiJ9.k8s-projected-token.sig");
        Map<String, String> saved = new HashMap<>();
        for (String k : new String[] {"aws.accessKeyId", "aws.secretAccessKey", "aws.webIdentityTokenFile", "aws.roleArn",
                "aws.roleSessionName", "aws.endpointUrlSts", "aws.region"}) {
            saved.put(k, System.getProperty(k));
            System.clearProperty(k);
        }
        try (dev.gatehouse.testsupport.fakes.FakeSts sts = new dev.gatehouse.testsupport.fakes.FakeSts(Files.readString(token))) {
            System.setProperty("aws.webIdentityTokenFile", token.toString());
            System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/keycloak");
            System.setProperty("aws.roleSessionName", "keycloak-vault");
            System.setProperty("aws.endpointUrlSts", sts.uri().toString());
            System.setProperty("aws.region", "us-east-1");
            AwsSecretsManagerBackend b = awsBackend(LENIENT);
            aws.put("keycloak/demo/smtp", "from-irsa");
            assertEquals("from-irsa", text(b.fetch("keycloak/demo/smtp", null).value()));
            assertEquals(1, sts.calls(), "one AssumeRoleWithWebIdentity");
            assertTrue(aws.lastAuthorization().contains("Credential=" + dev.gatehouse.testsupport.fakes.FakeSts.ACCESS_KEY + "/"),
                    aws.lastAuthorization());
            assertEquals(dev.gatehouse.testsupport.fakes.FakeSts.SESSION_TOKEN, aws.lastSecurityToken());
            b.close();
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
