package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.fakes.FakeGoogleSecretManager;
import dev.gatehouse.testsupport.fakes.FakeGoogleSecretManager.State;
import dev.gatehouse.vault.BackendException.Kind;
import dev.gatehouse.vault.backend.GoogleSecretManagerBackend;
import dev.gatehouse.vault.backend.GoogleSecretManagerBackend.Auth;

/**
 * Our Google Secret Manager client (backend and token sources) on an Apache HttpClient built by Keycloak's own
 * {@link HttpClientBuilder}, against an in-process fake of Secret Manager, the OAuth token endpoint and the metadata
 * server.
 */
class GoogleSecretManagerBackendTest {

    static final String PROJECT = "gatehouse-test";
    static final String SMTP = "keycloak--demo--smtp-2Dpassword";

    @TempDir
    Path dir;
    FakeGoogleSecretManager google;
    final List<CloseableHttpClient> clients = new ArrayList<>();
    /** Every failure's message, checked at the end for secrets, keys and tokens. */
    final List<String> messages = new ArrayList<>();
    final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void start() {
        google = new FakeGoogleSecretManager(PROJECT);
    }

    @AfterEach
    void stop() throws Exception {
        google.close();
        for (CloseableHttpClient c : clients) {
            c.close();
        }
        for (String m : messages) {
            assertFalse(m.contains("ya29."), "a token in: " + m);
            assertFalse(m.contains("PRIVATE KEY") || m.contains("MII"), "key material in: " + m);
            assertFalse(m.contains("eyJ"), "a JWT in: " + m);
            for (String s : secrets) {
                assertFalse(m.contains(s), "a secret value in: " + m);
            }
        }
    }

    /** Built as Keycloak's default HttpClientFactory builds the client HttpClientProvider hands out. */
    CloseableHttpClient keycloakClient(Duration socketTimeout) {
        CloseableHttpClient client = new HttpClientBuilder().socketTimeout(socketTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .establishConnectionTimeout(socketTimeout.toMillis(), TimeUnit.MILLISECONDS).disableCookies(true).build();
        clients.add(client);
        return client;
    }

    GoogleSecretManagerBackend backend(Auth auth, Path keyFile, Duration timeout, Clock clock) {
        return new GoogleSecretManagerBackend(new GoogleSecretManagerBackend.Settings(PROJECT, auth, keyFile, google.uri(),
                google.metadataHost(), timeout), HostServices.of(keycloakClient(Duration.ofSeconds(5)), Runnable::run), clock);
    }

    GoogleSecretManagerBackend onMetadata() {
        return backend(Auth.METADATA, null, Duration.ofSeconds(2), Clock.systemUTC());
    }

    String put(String secret, String value) {
        secrets.add(value);
        google.put(secret, value);
        return value;
    }

    static String text(FetchedSecret s) {
        return new String(s.value(), StandardCharsets.UTF_8);
    }

    BackendException fails(Kind kind, ThrowingFetch call) {
        BackendException e = assertThrows(BackendException.class, call::run);
        messages.add(e.getMessage());
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    interface ThrowingFetch {
        void run() throws Exception;
    }

    @Test
    void readsLatestAndNumberedVersions() throws Exception {
        put(SMTP, "first-password");
        put(SMTP, "second-password");
        GoogleSecretManagerBackend b = onMetadata();
        FetchedSecret latest = b.fetch(SMTP, null);
        assertEquals("second-password", text(latest));
        assertEquals(null, latest.expiresAt(), "Secret Manager reports no expiry on access");
        assertEquals("second-password", text(b.fetch(SMTP, "latest")));
        assertEquals("first-password", text(b.fetch(SMTP, "1")));
        assertEquals(1, google.tokenRequests(), "one token for all three reads");
        b.check();
    }

    @Test
    void refusesVersionsThatAreNeitherNumbersNorLatestAndOverlongIds() {
        put(SMTP, "value-1");
        GoogleSecretManagerBackend b = onMetadata();
        fails(Kind.BAD_RESPONSE, () -> b.fetch(SMTP, "AWSPREVIOUS"));
        fails(Kind.BAD_RESPONSE, () -> b.fetch(SMTP, "0"));
        BackendException longId = fails(Kind.BAD_RESPONSE, () -> b.fetch("a".repeat(256), null));
        assertTrue(longId.getMessage().contains("at most 255 characters"), longId.getMessage());
        assertEquals(0, google.reads(), "refused before any call");
    }

    @Test
    void missingSecretOrVersionIsNotFound() {
        put(SMTP, "value-1");
        GoogleSecretManagerBackend b = onMetadata();
        BackendException none = fails(Kind.NOT_FOUND, () -> b.fetch("keycloak--demo--nothing", null));
        assertTrue(none.getMessage().contains("NOT_FOUND"), none.getMessage());
        fails(Kind.NOT_FOUND, () -> b.fetch(SMTP, "7"));
    }

    @Test
    void forbiddenSecretIsAccessDenied() {
        put("keycloak--other--smtp", "theirs-password");
        google.forbid("keycloak--other--smtp");
        BackendException e = fails(Kind.ACCESS_DENIED, () -> onMetadata().fetch("keycloak--other--smtp", null));
        assertTrue(e.getMessage().contains("PERMISSION_DENIED"), e.getMessage());
    }

    /** latest is the most recently created version, as the API documents: disabling it doesn't fall back to an older one. */
    @Test
    void disabledAndDestroyedVersionsAreRefusedWithTheirState() throws Exception {
        put(SMTP, "old-password");
        put(SMTP, "new-password");
        google.state(SMTP, 2, State.DISABLED);
        GoogleSecretManagerBackend b = onMetadata();
        BackendException disabled = fails(Kind.ACCESS_DENIED, () -> b.fetch(SMTP, null));
        assertTrue(disabled.getMessage().contains("FAILED_PRECONDITION") && disabled.getMessage().contains("DISABLED state"),
                disabled.getMessage());
        assertFalse(disabled.kind().transientFailure, "an operator's decision: no stale value is served");
        assertEquals("old-password", text(b.fetch(SMTP, "1")));
        google.state(SMTP, 1, State.DESTROYED);
        assertTrue(fails(Kind.ACCESS_DENIED, () -> b.fetch(SMTP, "1")).getMessage().contains("DESTROYED state"));
        google.state(SMTP, 2, State.ENABLED);
        assertEquals("new-password", text(b.fetch(SMTP, null)));
    }

    @Test
    void wrongChecksumIsRefusedNeverServed() throws Exception {
        put(SMTP, "checked-password");
        google.corruptChecksum(true);
        GoogleSecretManagerBackend b = onMetadata();
        BackendException e = fails(Kind.BAD_RESPONSE, () -> b.fetch(SMTP, null));
        assertTrue(e.getMessage().contains("payload checksum mismatch"), e.getMessage());
        google.corruptChecksum(false);
        assertEquals("checked-password", text(b.fetch(SMTP, null)));
    }

    @Test
    void throttledWithRetryAfter() {
        put(SMTP, "value-1");
        google.throttle("30");
        BackendException e = fails(Kind.THROTTLED, () -> onMetadata().fetch(SMTP, null));
        assertTrue(e.getMessage().contains("RESOURCE_EXHAUSTED") && e.getMessage().contains("Retry-After: 30"), e.getMessage());
        assertTrue(e.kind().transientFailure, "the cache serves the stale value meanwhile");
    }

    @Test
    void serverErrorsAreUnavailable() {
        put(SMTP, "value-1");
        GoogleSecretManagerBackend b = onMetadata();
        google.failWith(500);
        assertTrue(fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null)).getMessage().contains("500 INTERNAL"));
        google.failWith(503);
        assertTrue(fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null)).getMessage().contains("503 UNAVAILABLE"));
    }

    @Test
    void timeoutAndConnectionRefusedAreUnavailable() throws Exception {
        put(SMTP, "value-1");
        // 1 s: short enough to wait for, long enough for the first fetch (which must succeed) on a loaded machine;
        // the delayed answer comes 5 s late, certainly after it.
        GoogleSecretManagerBackend b = backend(Auth.METADATA, null, Duration.ofSeconds(1), Clock.systemUTC());
        b.fetch(SMTP, null); // the token is cached: what follows concerns Secret Manager itself
        google.delay(5000);
        BackendException late = fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null));
        assertTrue(late.getMessage().contains("Google Secret Manager did not answer within PT1S"), late.getMessage());
        google.delay(0);
        google.down();
        BackendException refused = fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null));
        assertTrue(refused.getMessage().contains("Google Secret Manager unreachable"), refused.getMessage());
        BackendException noToken = fails(Kind.UNAVAILABLE, () -> onMetadata().fetch(SMTP, null));
        assertTrue(noToken.getMessage().contains("metadata server unreachable"), noToken.getMessage());
    }

    @Test
    void tokenIsKeptUntilShortlyBeforeItExpires() throws Exception {
        put(SMTP, "value-1");
        google.tokenLifetime(300);
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        GoogleSecretManagerBackend b = backend(Auth.METADATA, null, Duration.ofSeconds(2), clock);
        b.fetch(SMTP, null);
        clock.advance(Duration.ofSeconds(239));
        b.fetch(SMTP, null);
        assertEquals(1, google.tokenRequests(), "still more than a minute left");
        clock.advance(Duration.ofSeconds(1));
        b.fetch(SMTP, null);
        assertEquals(2, google.tokenRequests(), "renewed a minute before expiry");
        b.fetch(SMTP, null);
        assertEquals(2, google.tokenRequests());
    }

    @Test
    void tokenLifetimesAreCappedAtOneDay() throws Exception {
        put(SMTP, "value-1");
        int requests = 0;
        for (long lifetime : new long[] {Long.MAX_VALUE, 10 * 86_400}) {
            google.tokenLifetime(lifetime);
            SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
            GoogleSecretManagerBackend b = backend(Auth.METADATA, null, Duration.ofSeconds(2), clock);
            b.fetch(SMTP, null);
            clock.advance(Duration.ofHours(23));
            b.fetch(SMTP, null);
            assertEquals(++requests, google.tokenRequests(), lifetime + " s: kept within the day");
            clock.advance(Duration.ofHours(1));
            b.fetch(SMTP, null);
            assertEquals(++requests, google.tokenRequests(), lifetime + " s: renewed after at most a day");
        }
    }

    @Test
    void twentyLookupsWithAnExpiredTokenMakeOneTokenRequest() throws Exception {
        put(SMTP, "value-1");
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        GoogleSecretManagerBackend b = backend(Auth.METADATA, null, Duration.ofSeconds(5), clock);
        b.fetch(SMTP, null);
        clock.advance(Duration.ofHours(2)); // expired by our clock
        google.delay(200);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<FetchedSecret>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(pool.submit(() -> b.fetch(SMTP, null)));
            }
            for (Future<FetchedSecret> f : all) {
                assertEquals("value-1", text(f.get(20, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, google.tokenRequests(), "the first token, then exactly one for the twenty");
    }

    @Test
    void failingTokenEndpointIsAskedOncePerBackoffWindow() throws Exception {
        put(SMTP, "value-1");
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        GoogleSecretManagerBackend b = backend(Auth.METADATA, null, Duration.ofSeconds(2), clock);
        google.failTokens(503);
        for (int i = 0; i < 50; i++) {
            fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null));
        }
        assertEquals(1, google.tokenRequests(), "50 lookups in a tight loop, one token request");
        clock.advance(Duration.ofSeconds(1));
        fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null));
        assertEquals(2, google.tokenRequests(), "a new attempt once the window has passed");
        google.failTokens(0);
        clock.advance(Duration.ofMillis(1999));
        fails(Kind.UNAVAILABLE, () -> b.fetch(SMTP, null));
        assertEquals(2, google.tokenRequests(), "the window doubled to 2 s");
        clock.advance(Duration.ofMillis(1));
        assertEquals("value-1", text(b.fetch(SMTP, null)));
        assertEquals(3, google.tokenRequests());
    }

    /** A 3xx could send the token request or the bearer token elsewhere: never followed. */
    @Test
    void redirectsAreNeverFollowed() throws Exception {
        put(SMTP, "value-1");
        try (FakeGoogleSecretManager elsewhere = new FakeGoogleSecretManager(PROJECT)) {
            elsewhere.put(SMTP, "value-1");
            google.redirect("/computeMetadata/", elsewhere.uri());
            BackendException token = fails(Kind.BAD_RESPONSE, () -> onMetadata().fetch(SMTP, null));
            assertTrue(token.getMessage().contains("302"), token.getMessage());
            google.redirect("/v1/", elsewhere.uri());
            BackendException api = fails(Kind.BAD_RESPONSE, () -> onMetadata().fetch(SMTP, null));
            assertTrue(api.getMessage().contains("302"), api.getMessage());
            assertEquals(0, elsewhere.requests(), "nothing reached the other server");
        }
    }

    @Test
    void answersLongerThanOneMebibyteAreRefused() throws Exception {
        put(SMTP, "value-1");
        google.oversize("/v1/", 2 * 1024 * 1024);
        BackendException e = fails(Kind.BAD_RESPONSE, () -> onMetadata().fetch(SMTP, null));
        assertTrue(e.getMessage().contains("longer than 1048576 bytes"), e.getMessage());
    }

    /** A 200 without data is a broken answer, not a secret that is the empty string. */
    @Test
    void anAnswerWithoutPayloadDataIsABadResponse() throws Exception {
        put(SMTP, "value-1");
        GoogleSecretManagerBackend b = onMetadata();
        for (String data : new String[] {null, ""}) {
            google.payloadData(data);
            BackendException e = fails(Kind.BAD_RESPONSE, () -> b.fetch(SMTP, null));
            assertTrue(e.getMessage().contains("without payload data"), e.getMessage());
        }
        google.realPayload();
        assertEquals("value-1", text(b.fetch(SMTP, null)));
    }

    @Test
    void errorTextsAreOneBoundedLine() {
        put(SMTP, "value-1");
        google.failWith(500, "first line\r\nforged: log line\n" + "x".repeat(10_000));
        BackendException e = fails(Kind.UNAVAILABLE, () -> onMetadata().fetch(SMTP, null));
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
        assertTrue(e.getMessage().contains("first line  forged: log line x"), e.getMessage());
        assertTrue(e.getMessage().chars().filter(c -> c == 'x').count() < 200, "bounded: " + e.getMessage().length());
    }

    @Test
    void concurrentLookupsShareOneTokenRequest() throws Exception {
        put(SMTP, "value-1");
        google.delay(200);
        GoogleSecretManagerBackend b = onMetadata();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<FetchedSecret>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> b.fetch(SMTP, null)));
            }
            for (Future<FetchedSecret> f : all) {
                assertEquals("value-1", text(f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, google.tokenRequests());
    }

    @Test
    void rejectedTokenIsReplacedOnceThenAccessDenied() throws Exception {
        put(SMTP, "value-1");
        GoogleSecretManagerBackend b = onMetadata();
        b.fetch(SMTP, null);
        google.revokeTokens();
        assertEquals("value-1", text(b.fetch(SMTP, null)), "401, one fresh token, the read again");
        assertEquals(2, google.tokenRequests());
        google.rejectTokens(true);
        BackendException e = fails(Kind.ACCESS_DENIED, () -> b.fetch(SMTP, null));
        assertTrue(e.getMessage().contains("401 UNAUTHENTICATED"), e.getMessage());
        assertEquals(3, google.tokenRequests(), "one retry, not a loop");
        fails(Kind.ACCESS_DENIED, b::check);
    }

    KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** A key file as the console downloads it: PKCS#8 PEM in private_key. */
    Path keyFile(KeyPair key, String keyId, String tokenUri) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> json = new HashMap<>(Map.of("type", "service_account", "project_id", PROJECT, "private_key_id", keyId,
                "private_key", pem, "client_email", "keycloak@gatehouse-test.iam.gserviceaccount.com", "token_uri", tokenUri));
        Path p = dir.resolve("key.json");
        Files.writeString(p, Json.write(json));
        return p;
    }

    @Test
    void serviceAccountKeySignsAnAssertionTheTokenEndpointVerifies() throws Exception {
        put(SMTP, "from-key-password");
        KeyPair first = rsa();
        google.serviceAccount("keycloak@gatehouse-test.iam.gserviceaccount.com", "kid-1", first.getPublic());
        Path file = keyFile(first, "kid-1", google.tokenUri());
        GoogleSecretManagerBackend b = backend(Auth.SERVICE_ACCOUNT_KEY, file, Duration.ofSeconds(2), Clock.systemUTC());
        assertEquals("from-key-password", text(b.fetch(SMTP, null)));
        var claims = Json.claims(google.lastAssertion());
        assertEquals("https://www.googleapis.com/auth/cloud-platform", claims.path("scope").asText());
        assertEquals(3600, claims.path("exp").asLong() - claims.path("iat").asLong());

        // Rotation: a new key lands in the file and the old one is deleted; the next token request reads the file again.
        KeyPair second = rsa();
        google.serviceAccount("keycloak@gatehouse-test.iam.gserviceaccount.com", "kid-2", second.getPublic());
        keyFile(second, "kid-2", google.tokenUri());
        google.revokeTokens();
        assertEquals("from-key-password", text(b.fetch(SMTP, null)));
        assertEquals(2, google.tokenRequests());

        // A key the account doesn't have: the endpoint's error, never the key or the assertion.
        keyFile(first, "kid-2", google.tokenUri());
        google.revokeTokens();
        BackendException wrongKey = fails(Kind.ACCESS_DENIED, () -> b.fetch(SMTP, null));
        assertTrue(wrongKey.getMessage().contains("invalid_grant (Invalid JWT Signature.)"), wrongKey.getMessage());
    }

    @Test
    void badKeyFilesAreRefusedWithoutQuotingThem() throws Exception {
        KeyPair key = rsa();
        // Each failure backs the token source off: a fresh backend per key file.
        GoogleSecretManagerBackend b = keyBackend();
        assertTrue(fails(Kind.ACCESS_DENIED, () -> b.fetch(SMTP, null)).getMessage().contains("cannot read gcp-service-account-key-file"));
        keyFile(key, "kid-1", "file:///etc/passwd");
        GoogleSecretManagerBackend b2 = keyBackend();
        assertTrue(fails(Kind.ACCESS_DENIED, () -> b2.fetch(SMTP, null)).getMessage().contains("token_uri must be an http(s) URL"));
        Path pem = keyFile(key, "kid-1", google.tokenUri());
        Files.writeString(pem, Files.readString(pem).replace("\"type\"", "\"type\" ,,")); // broken JSON around a private key
        GoogleSecretManagerBackend b3 = keyBackend();
        assertTrue(fails(Kind.ACCESS_DENIED, () -> b3.fetch(SMTP, null)).getMessage().contains("is not a JSON service-account key"));
        Files.writeString(pem, "{\"type\":\"external_account\"}");
        GoogleSecretManagerBackend b4 = keyBackend();
        assertTrue(fails(Kind.ACCESS_DENIED, () -> b4.fetch(SMTP, null)).getMessage().contains("only service_account keys"));
        assertEquals(0, google.tokenRequests());
    }

    GoogleSecretManagerBackend keyBackend() {
        return backend(Auth.SERVICE_ACCOUNT_KEY, dir.resolve("key.json"), Duration.ofSeconds(2), Clock.systemUTC());
    }

    @Test
    void metadataServerMustSayItIsGoogle() {
        put(SMTP, "value-1");
        google.impostor(true);
        BackendException e = fails(Kind.BAD_RESPONSE, () -> onMetadata().fetch(SMTP, null));
        assertTrue(e.getMessage().contains("is not a Google metadata server"), e.getMessage());
        assertEquals(0, google.reads(), "no token, no call");
    }

    @Test
    void checkAcceptsAForbiddenListButNotADisabledApi() throws Exception {
        GoogleSecretManagerBackend b = onMetadata();
        b.check();
        google.denyList(true);
        b.check(); // the Secret Accessor role alone can't list: the token is proven all the same
        google.disableApi(true);
        BackendException e = fails(Kind.ACCESS_DENIED, b::check);
        assertTrue(e.getMessage().contains("enable the Secret Manager API"), e.getMessage());
    }

    /** ${vault.gcp:smtp-password} in realm demo, through the options Keycloak passes. */
    @Test
    void resolverReadsTheDemoSmtpPassword() throws Exception {
        put(SMTP, "smtp-s3cret");
        Map<String, String> opts = Map.of("backends", "gcp", "gcp-project", PROJECT, "gcp-endpoint", google.uri().toString(),
                "gcp-metadata-host", "127.0.0.1:" + google.uri().getPort(), "gcp-timeout", "PT2S");
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), HostServices.of(keycloakClient(Duration.ofSeconds(2)), Runnable::run))) {
            SecretResolver.Lookup ok = r.resolve("demo", "gcp:smtp-password");
            assertEquals("smtp-s3cret", new String(ok.value().orElseThrow(), StandardCharsets.UTF_8));
            assertEquals(SMTP, ok.backendName());
            assertEquals("smtp-s3cret", new String(r.resolve("demo", "gcp:smtp-password@1").value().orElseThrow(), StandardCharsets.UTF_8));
            assertEquals(SecretCache.Outcome.NOT_FOUND, r.resolve("demo", "gcp:no-such-secret").outcome());
            r.backends().get("gcp").check();
        }
    }

    /** gcp-auth=service-account-key with the key file from GOOGLE_APPLICATION_CREDENTIALS. */
    @Test
    void resolverTakesTheKeyFileFromGoogleApplicationCredentials() throws Exception {
        put(SMTP, "smtp-via-key");
        KeyPair key = rsa();
        google.serviceAccount("keycloak@gatehouse-test.iam.gserviceaccount.com", "kid-1", key.getPublic());
        Path file = keyFile(key, "kid-1", google.tokenUri());
        Map<String, String> opts = Map.of("backends", "gcp", "gcp-project", PROJECT, "gcp-endpoint", google.uri().toString(),
                "gcp-auth", "service-account-key");
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString()),
                HostServices.of(keycloakClient(Duration.ofSeconds(2)), Runnable::run))) {
            assertEquals("smtp-via-key", new String(r.resolve("demo", "gcp:smtp-password").value().orElseThrow(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRegionalEndpointWithATrailingSlashWorks() throws Exception {
        put(SMTP, "value-1");
        GoogleSecretManagerBackend b = new GoogleSecretManagerBackend(new GoogleSecretManagerBackend.Settings(PROJECT, Auth.METADATA, null,
                URI.create(google.uri() + "/"), google.metadataHost(), null),
                HostServices.of(keycloakClient(Duration.ofSeconds(2)), Runnable::run), Clock.systemUTC());
        assertEquals("value-1", text(b.fetch(SMTP, null)));
    }
}
