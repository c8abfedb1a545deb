package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientBuilder;
import org.keycloak.connections.httpclient.ProxyMappings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.fakes.FakeAzureKeyVault;
import dev.gatehouse.vault.backend.AzureKeyVaultBackend;
import dev.gatehouse.vault.backend.AzureKeyVaultBackend.Auth;

/**
 * Our Key Vault client and its token sources against an in-process Key Vault + Entra ID + IMDS, on an Apache
 * HttpClient built by Keycloak's own {@link HttpClientBuilder}, as the server's HttpClientProvider builds it.
 */
class AzureKeyVaultBackendTest {

    static final String CLIENT = "0b6f2a41-5c3d-4e8f-9a7b-1c2d3e4f5a6b";
    static final String CLIENT_SECRET = "Qx8~client-secret-value.sh";
    static final String SMTP = "keycloak--demo--smtp-2Dpassword";

    @TempDir
    Path dir;
    final FakeAzureKeyVault azure = new FakeAzureKeyVault();
    final SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
    final List<CloseableHttpClient> clients = new ArrayList<>();

    AzureKeyVaultBackendTest() {
        clock.millis = System.currentTimeMillis(); // secrets' exp/nbf are real dates
    }

    @AfterEach
    void stop() throws Exception {
        azure.close();
        for (CloseableHttpClient c : clients) {
            c.close();
        }
    }

    // --- reading secrets ---

    @Test
    void readsTheLatestVersionOrAPinnedOne() throws Exception {
        azure.withManagedIdentity(null);
        String v1 = azure.put(SMTP, "first");
        Instant exp = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        azure.put(SMTP, "second", true, null, exp);
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        FetchedSecret latest = b.fetch(SMTP, null);
        assertEquals("second", text(latest.value()));
        assertEquals(exp, latest.expiresAt(), "exp is the hard expiry");
        assertNull(latest.rotatesAt());
        FetchedSecret pinned = b.fetch(SMTP, v1);
        assertEquals("first", text(pinned.value()));
        assertNull(pinned.expiresAt(), "no exp: no known expiry");
        assertEquals("first", text(b.fetch(SMTP, v1.toUpperCase(java.util.Locale.ROOT)).value()), "hex digits in either case");
        assertEquals(1, azure.tokenRequests(), "one token for all three reads");
        assertEquals(3, azure.reads());
    }

    @Test
    void badVersionsAndOverlongNamesAreRefusedBeforeAnyCall() throws Exception {
        azure.withManagedIdentity(null);
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        BackendException stage = fail(() -> b.fetch(SMTP, "AWSPREVIOUS"), BackendException.Kind.BAD_RESPONSE);
        assertTrue(stage.getMessage().contains("32 hex digits"), stage.getMessage());
        BackendException longName = fail(() -> b.fetch("k".repeat(128), null), BackendException.Kind.BAD_RESPONSE);
        assertTrue(longName.getMessage().contains("at most 127 characters") && longName.getMessage().contains("has 128"), longName.getMessage());
        fail(() -> b.fetch("keycloak/demo/x", null), BackendException.Kind.BAD_RESPONSE);
        assertEquals(0, azure.tokenRequests() + azure.reads());
        azure.put("k".repeat(127), "longest");
        assertEquals("longest", text(b.fetch("k".repeat(127), null).value()));
    }

    @Test
    void missingSecretOrVersionIsNotFound() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        BackendException none = fail(() -> b.fetch("keycloak--demo--nothing", null), BackendException.Kind.NOT_FOUND);
        assertTrue(none.getMessage().contains("SecretNotFound"), none.getMessage());
        fail(() -> b.fetch(SMTP, "0123456789abcdef0123456789abcdef"), BackendException.Kind.NOT_FOUND);
    }

    @Test
    void secretWithoutReadPermissionIsAccessDenied() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        azure.forbid(SMTP);
        BackendException e = fail(() -> backend(Auth.MANAGED_IDENTITY, null).fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(e.getMessage().contains("403 Forbidden/ForbiddenByRbac"), e.getMessage());
    }

    @Test
    void disabledSecretIsRefused() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "off", false, null, null);
        BackendException e = fail(() -> backend(Auth.MANAGED_IDENTITY, null).fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(e.getMessage().contains("SecretDisabled") && e.getMessage().contains("disabled secret"), e.getMessage());
    }

    /** Key Vault serves these; we don't (nbf here, exp in the cache). */
    @Test
    void expiredAndNotYetValidSecretsAreRefused() throws Exception {
        azure.withManagedIdentity(null);
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        azure.put("expired", "old", true, null, now.minusSeconds(60));
        // Handed to the cache with its exp, which refuses it (SecretCacheTest.aValueThatHasAlreadyExpiredIsRefused).
        assertEquals(now.minusSeconds(60), b.fetch("expired", null).expiresAt());
        azure.put("future", "soon", true, now.plus(1, ChronoUnit.DAYS), null);
        BackendException early = fail(() -> b.fetch("future", null), BackendException.Kind.BAD_RESPONSE);
        assertTrue(early.getMessage().contains("not valid before " + now.plus(1, ChronoUnit.DAYS)), early.getMessage());

        azure.put("hour", "valid for an hour", true, now.minusSeconds(1), now.plus(1, ChronoUnit.HOURS));
        assertEquals("valid for an hour", text(b.fetch("hour", null).value()));
        clock.advance(Duration.ofHours(2));
        assertTrue(b.fetch("hour", null).expiresAt().isBefore(clock.instant()), "past its exp: the cache refuses it");
        clock.advance(Duration.ofDays(1));
        assertEquals("soon", text(b.fetch("future", null).value()), "valid once nbf has passed");
    }

    /** exp and nbf are whatever number Key Vault sends: clamped to 1970..9999, never an exception. */
    @Test
    void absurdExpAndNbfAreClampedNotThrown() throws Exception {
        azure.withManagedIdentity(null);
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        Instant last = Instant.parse("9999-12-31T23:59:59Z");
        azure.putEpochSeconds("far", "far", true, null, Long.MAX_VALUE);
        assertEquals(last, b.fetch("far", null).expiresAt());
        azure.putEpochSeconds("beyond-instant", "x", true, null, 40_000_000_000_000_000L);
        assertEquals(last, b.fetch("beyond-instant", null).expiresAt());
        azure.putEpochSeconds("ancient", "x", true, Long.MIN_VALUE, Long.MIN_VALUE);
        assertEquals(Instant.EPOCH, b.fetch("ancient", null).expiresAt(), "an exp before 1970: already expired");
        azure.putEpochSeconds("never-valid", "x", true, Long.MAX_VALUE, null);
        BackendException early = fail(() -> b.fetch("never-valid", null), BackendException.Kind.BAD_RESPONSE);
        assertTrue(early.getMessage().contains("not valid before 9999-12-31T23:59:59Z"), early.getMessage());
    }

    // --- service trouble ---

    @Test
    void errorTextsFromKeyVaultAreOneBoundedLine() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        azure.failWith(500, 0, "first line\r\nforged: log line\n" + "x".repeat(10_000));
        BackendException e = fail(() -> b.fetch(SMTP, null), BackendException.Kind.UNAVAILABLE);
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
        assertTrue(e.getMessage().contains("first line  forged: log line x"), e.getMessage());
        assertTrue(e.getMessage().chars().filter(c -> c == 'x').count() < 200, "bounded: " + e.getMessage().length());
    }

    /** A 3xx could send the bearer token (or the IMDS request) elsewhere: never followed, for tokens or secrets. */
    @Test
    void redirectsAreNeverFollowed() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        try (FakeAzureKeyVault elsewhere = new FakeAzureKeyVault()) {
            elsewhere.withManagedIdentity(null);
            elsewhere.put(SMTP, "x");
            azure.redirect("/metadata/", elsewhere.uri());
            BackendException token = fail(() -> backend(Auth.MANAGED_IDENTITY, null).fetch(SMTP, null),
                    BackendException.Kind.BAD_RESPONSE);
            assertTrue(token.getMessage().contains("302"), token.getMessage());
            azure.redirect("/secrets/", elsewhere.uri());
            BackendException secret = fail(() -> backend(Auth.MANAGED_IDENTITY, null).fetch(SMTP, null),
                    BackendException.Kind.BAD_RESPONSE);
            assertTrue(secret.getMessage().contains("302"), secret.getMessage());
            azure.redirect("/", null);
            assertEquals(0, elsewhere.requests(), "nothing reached the other server");
        }
    }

    @Test
    void answersLongerThanOneMebibyteAreRefused() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        azure.oversize("/secrets/", 2 * 1024 * 1024);
        BackendException e = fail(() -> b.fetch(SMTP, null), BackendException.Kind.BAD_RESPONSE);
        assertTrue(e.getMessage().contains("longer than 1048576 bytes"), e.getMessage());
        azure.oversize("/", 0);
        azure.oversize("/secrets/", 1024 * 1024 - 100);
        BackendException under = fail(() -> b.fetch(SMTP, null), BackendException.Kind.BAD_RESPONSE);
        assertTrue(under.getMessage().contains("without a value"), "read, then judged: " + under.getMessage());
    }


    @Test
    void throttlingIsTransientAndCarriesRetryAfter() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        azure.failWith(429, 7);
        BackendException e = fail(() -> b.fetch(SMTP, null), BackendException.Kind.THROTTLED);
        assertTrue(e.kind().transientFailure);
        assertTrue(e.getMessage().contains("Throttled") && e.getMessage().contains("retry after 7 s"), e.getMessage());
        azure.failWith(0, 0);
        assertEquals("x", text(b.fetch(SMTP, null).value()));
    }

    @Test
    void serverErrorsAreUnavailable() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        for (int status : new int[] {500, 503}) {
            azure.failWith(status, 0);
            BackendException e = fail(() -> b.fetch(SMTP, null), BackendException.Kind.UNAVAILABLE);
            assertTrue(e.getMessage().contains(String.valueOf(status)), e.getMessage());
        }
    }

    @Test
    void slowOrUnreachableVaultIsUnavailable() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        // 1 s: short enough to wait for, long enough for the fetches that must succeed on a loaded machine; the
        // delayed answer comes 5 s late, certainly after it.
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null, Duration.ofSeconds(1), clock);
        b.fetch(SMTP, null); // the token is cached: what follows is Key Vault's own timeout
        azure.delay(5000);
        BackendException late = fail(() -> b.fetch(SMTP, null), BackendException.Kind.UNAVAILABLE);
        assertTrue(late.getMessage().contains("Azure Key Vault did not answer within PT1S"), late.getMessage());
        azure.delay(0);
        azure.down();
        BackendException refused = fail(() -> b.fetch(SMTP, null), BackendException.Kind.UNAVAILABLE);
        assertTrue(refused.getMessage().contains("Azure Key Vault unreachable"), refused.getMessage());
        azure.up();
        assertEquals("x", text(b.fetch(SMTP, null).value()));
    }

    // --- tokens ---

    @Test
    void tokenIsReusedUntilFiveMinutesBeforeItExpiresThenRenewed() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        b.fetch(SMTP, null);
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        b.fetch(SMTP, null);
        assertEquals(1, azure.tokenRequests(), "the one-hour token still has over five minutes");
        clock.advance(Duration.ofSeconds(2));
        b.fetch(SMTP, null);
        assertEquals(2, azure.tokenRequests(), "renewed five minutes before it expires");
        b.fetch(SMTP, null);
        assertEquals(2, azure.tokenRequests());

        azure.tokenLifetime(Duration.ofMinutes(4));
        clock.advance(Duration.ofHours(1));
        b.fetch(SMTP, null);
        clock.advance(Duration.ofMinutes(1).plusSeconds(59));
        b.fetch(SMTP, null);
        assertEquals(3, azure.tokenRequests(), "a short-lived token lasts half its life");
        clock.advance(Duration.ofSeconds(2));
        b.fetch(SMTP, null);
        assertEquals(4, azure.tokenRequests());
    }

    @Test
    void concurrentColdLookupsMakeOneTokenRequest() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        azure.delay(200); // every call takes a while, so the lookups overlap on the token
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return text(b.fetch(SMTP, null).value());
            }));
        }
        start.countDown();
        for (Future<String> r : results) {
            assertEquals("x", r.get(10, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, azure.tokenRequests());
    }

    /** expires_in / expires_on are believed up to a day: a token claiming more is renewed within a day anyway. */
    @Test
    void tokenLifetimesAreCappedAtOneDay() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        azure.tokenLifetime(Duration.ofDays(30)); // the fake honours them that long
        String[][] claims = {{"expires_in", String.valueOf(Long.MAX_VALUE)}, {"expires_in", "864000"},
                {"expires_on", String.valueOf(Long.MAX_VALUE)}, {"expires_in", "123456789012345678901234567890"}};
        int requests = 0;
        for (String[] claim : claims) {
            azure.advertisedLifetime(claim[0], claim[1]);
            AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
            b.fetch(SMTP, null);
            clock.advance(Duration.ofHours(23));
            b.fetch(SMTP, null);
            assertEquals(++requests, azure.tokenRequests(), claim[0] + " " + claim[1] + ": kept within the day");
            clock.advance(Duration.ofHours(1));
            b.fetch(SMTP, null);
            assertEquals(++requests, azure.tokenRequests(), claim[0] + " " + claim[1] + ": renewed after at most a day");
        }
    }

    @Test
    void twentyLookupsWithAnExpiredTokenMakeOneTokenRequest() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        b.fetch(SMTP, null);
        clock.advance(Duration.ofHours(2)); // expired by our clock
        azure.delay(200);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return text(b.fetch(SMTP, null).value());
            }));
        }
        start.countDown();
        for (Future<String> r : results) {
            assertEquals("x", r.get(20, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(2, azure.tokenRequests(), "the first token, then exactly one for the twenty");
    }

    /** Every token failure backs off, access denied included (a configuration error doesn't heal by asking faster). */
    @Test
    void failingTokenRequestsBackOffOneSecondDoublingToAMinute() throws Exception {
        azure.put(SMTP, "x"); // no managed identity yet: IMDS answers 400 Identity not found
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        String first = fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED).getMessage();
        for (int i = 0; i < 49; i++) {
            assertEquals(first, fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED).getMessage(), "the last error, fast");
        }
        assertEquals(1, azure.tokenRequests(), "50 lookups, one token request");
        long[] waits = {1, 2, 4, 8, 16, 32, 60, 60};
        int requests = 1;
        for (long wait : waits) {
            clock.advance(Duration.ofSeconds(wait).minusMillis(1));
            fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
            assertEquals(requests, azure.tokenRequests(), "still backing off before " + wait + " s");
            clock.advance(Duration.ofMillis(1));
            fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
            assertEquals(++requests, azure.tokenRequests(), "one new attempt after " + wait + " s");
        }
        azure.withManagedIdentity(null);
        clock.advance(Duration.ofSeconds(60));
        assertEquals("x", text(b.fetch(SMTP, null).value()));
        assertEquals(++requests, azure.tokenRequests());
    }

    @Test
    void revokedTokenIsReplacedOnceThenTheReadIsRetried() throws Exception {
        azure.withManagedIdentity(null);
        azure.put(SMTP, "x");
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        b.fetch(SMTP, null);
        azure.revokeAllTokens();
        assertEquals("x", text(b.fetch(SMTP, null).value()));
        assertEquals(2, azure.tokenRequests(), "one fresh token after the 401");

        azure.rejectTokens(true);
        BackendException e = fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertEquals(3, azure.tokenRequests(), "one more fresh token, not a loop");
        assertTrue(e.getMessage().contains("401 Unauthorized") && e.getMessage().contains("tenant"), e.getMessage());
    }

    @Test
    void workloadIdentitySendsTheFederatedTokenFileAsItIsNow() throws Exception {
        Path federated = file("azure-identity-token", "projected-token-1\n");
        azure.withFederatedToken(CLIENT, "projected-token-1");
        azure.put(SMTP, "from-aks");
        AzureKeyVaultBackend b = backend(Auth.WORKLOAD_IDENTITY, CLIENT);
        assertEquals("from-aks", text(b.fetch(SMTP, null).value()));
        assertEquals("projected-token-1", azure.lastTokenRequest().get("client_assertion"));
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", azure.lastTokenRequest().get("client_assertion_type"));
        assertEquals("https://vault.azure.net/.default", azure.lastTokenRequest().get("scope"));

        // The kubelet rotates the projected token; Entra ID accepts only the new one from now on.
        Files.writeString(federated, "projected-token-2\n");
        azure.withFederatedToken(CLIENT, "projected-token-2");
        clock.advance(Duration.ofMinutes(56));
        assertEquals("from-aks", text(b.fetch(SMTP, null).value()));
        assertEquals("projected-token-2", azure.lastTokenRequest().get("client_assertion"), "the file is read for every token request");
        assertEquals(2, azure.tokenRequests());

        azure.withFederatedToken(CLIENT, "projected-token-3");
        azure.revokeAllTokens();
        BackendException stale = fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(stale.getMessage().contains("invalid_client") && stale.getMessage().contains("AADSTS70021"), stale.getMessage());
    }

    @Test
    void clientSecretIsReadFromItsFileAndTrimmed() throws Exception {
        azure.withClientSecret(CLIENT, CLIENT_SECRET);
        azure.put(SMTP, "with-secret");
        Path secret = file("client-secret", "  " + CLIENT_SECRET + "\n");
        AzureKeyVaultBackend b = backend(Auth.CLIENT_SECRET, CLIENT);
        assertEquals("with-secret", text(b.fetch(SMTP, null).value()));
        assertEquals(CLIENT, azure.lastTokenRequest().get("client_id"));
        assertEquals("client_credentials", azure.lastTokenRequest().get("grant_type"));

        Files.writeString(secret, "wrong-secret-value");
        azure.revokeAllTokens();
        BackendException wrong = fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(wrong.getMessage().contains("401 invalid_client: AADSTS7000215"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("wrong-secret-value"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("\n"), "one log line: " + wrong.getMessage());

        Files.delete(secret);
        clock.advance(Duration.ofSeconds(1)); // after the failed token request's backoff
        BackendException missing = fail(() -> b.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(missing.getMessage().contains("cannot read azure-client-secret-file"), missing.getMessage());
    }

    @Test
    void clientCertificateSignsAnAssertionEntraAccepts() throws Exception {
        Path pem = resource("client-certificate.pem");
        X509Certificate cert = certificate(pem);
        azure.withClientCertificate(CLIENT, cert);
        azure.put(SMTP, "with-certificate");
        AzureKeyVaultBackend b = backend(Auth.CLIENT_CERTIFICATE, CLIENT, pem);
        assertEquals("with-certificate", text(b.fetch(SMTP, null).value()));

        String assertion = azure.lastTokenRequest().get("client_assertion");
        JsonNode header = Json.parse(new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[0]), StandardCharsets.UTF_8));
        JsonNode claims = Json.claims(assertion);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        assertEquals(b64.encodeToString(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded())), header.path("x5t").asText());
        assertEquals(b64.encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())), header.path("x5t#S256").asText());
        assertEquals(azure.uri() + "/" + FakeAzureKeyVault.TENANT + "/oauth2/v2.0/token", claims.path("aud").asText());
        assertEquals(CLIENT, claims.path("iss").asText());
        assertEquals(CLIENT, claims.path("sub").asText());
        assertEquals(600, claims.path("exp").asLong() - claims.path("iat").asLong());

        AzureKeyVaultBackend unregistered = backend(Auth.CLIENT_CERTIFICATE, CLIENT, resource("other-certificate.pem"));
        BackendException e = fail(() -> unregistered.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(e.getMessage().contains("AADSTS700027"), e.getMessage());

        AzureKeyVaultBackend keyless = backend(Auth.CLIENT_CERTIFICATE, CLIENT, file("cert-only.pem",
                Files.readString(pem).replaceAll("(?s)-----BEGIN PRIVATE KEY-----.*", "")));
        BackendException noKey = fail(() -> keyless.fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(noKey.getMessage().contains("no PEM PRIVATE KEY block"), noKey.getMessage());
    }

    @Test
    void managedIdentityAsksImdsForTheUserAssignedIdentity() throws Exception {
        azure.withManagedIdentity("5e6f7a8b-user-assigned");
        azure.put(SMTP, "from-imds");
        assertEquals("from-imds", text(backend(Auth.MANAGED_IDENTITY, "5e6f7a8b-user-assigned").fetch(SMTP, null).value()));
        assertEquals("5e6f7a8b-user-assigned", azure.lastImdsClientId());

        BackendException none = fail(() -> backend(Auth.MANAGED_IDENTITY, null).fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(none.getMessage().contains("instance metadata service") && none.getMessage().contains("Identity not found"), none.getMessage());
        assertNull(azure.lastImdsClientId(), "no client_id: the system-assigned identity");
    }

    @Test
    void checkProvesTheTokenWorksEvenWithoutListPermission() throws Exception {
        azure.withManagedIdentity(null);
        AzureKeyVaultBackend b = backend(Auth.MANAGED_IDENTITY, null);
        b.check();
        azure.forbidList(true);
        b.check(); // 403: authenticated, allowed to read but not to list
        azure.firewall(true);
        BackendException firewalled = fail(b::check, BackendException.Kind.ACCESS_DENIED);
        assertTrue(firewalled.getMessage().contains("ForbiddenByFirewall"), firewalled.getMessage());
        azure.firewall(false);
        azure.rejectTokens(true);
        fail(b::check, BackendException.Kind.ACCESS_DENIED);
        azure.rejectTokens(false);
        azure.down();
        fail(b::check, BackendException.Kind.UNAVAILABLE);
    }

    /**
     * A vault in Azure China takes only tokens for https://vault.azure.cn: the resource follows the vault URL. Its
     * host doesn't resolve here; Keycloak's proxy-mappings send the calls to the fake, as a forward proxy would.
     */
    @Test
    void sovereignCloudVaultGetsTokensForItsOwnDomain() throws Exception {
        azure.cloud("https://vault.azure.cn").withManagedIdentity(null);
        azure.put(SMTP, "from-china");
        CloseableHttpClient proxied = new HttpClientBuilder().socketTimeout(5, TimeUnit.SECONDS).disableCookies(true)
                .proxyMappings(ProxyMappings.valueOf(".*\\.azure\\.cn;" + azure.uri())).build();
        clients.add(proxied);
        AzureKeyVaultBackend b = new AzureKeyVaultBackend(new AzureKeyVaultBackend.Settings(URI.create("http://gatehouse.vault.azure.cn"),
                Auth.MANAGED_IDENTITY, null, null, null, null, null, azure.uri(), azure.uri(), null), HostServices.of(proxied, Runnable::run), clock);
        assertEquals("from-china", text(b.fetch(SMTP, null).value()));

        // A URL that names no cloud (here the fake's own address) asks for the public cloud's resource, which this one refuses.
        BackendException wrongAudience = fail(() -> backend(Auth.MANAGED_IDENTITY, null).fetch(SMTP, null), BackendException.Kind.ACCESS_DENIED);
        assertTrue(wrongAudience.getMessage().contains("400 invalid_request"), wrongAudience.getMessage());
    }

    // --- through the resolver ---

    @Test
    void resolverReadsTheDemoSmtpPasswordWithAManagedIdentity() throws Exception {
        azure.withManagedIdentity("smtp-reader");
        String v1 = azure.put(SMTP, "smtp-one");
        azure.put(SMTP, "smtp-two");
        Map<String, String> opts = new HashMap<>(Map.of("backends", "azure", "azure-vault-url", azure.uri() + "/",
                "azure-imds-endpoint", azure.uri().toString(), "azure-client-id", "smtp-reader", "azure-timeout", "PT2S"));
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), host())) {
            SecretResolver.Lookup ok = r.resolve("demo", "azure:smtp-password"); // ${vault.azure:smtp-password}
            assertEquals("smtp-two", text(ok.value().orElseThrow()));
            assertEquals(SMTP, ok.backendName());
            assertEquals("smtp-one", text(r.resolve("demo", "azure:smtp-password@" + v1).value().orElseThrow()));
            assertEquals(SecretCache.Outcome.NOT_FOUND, r.resolve("other", "azure:smtp-password").outcome(), "realm other has its own names");
            r.backends().get("azure").check();
        }
    }

    /** What the AKS workload identity webhook injects into the pod is all the configuration needed. */
    @Test
    void resolverTakesWorkloadIdentityFromTheWebhooksEnvironment() throws Exception {
        Path federated = file("azure-identity-token", "projected");
        azure.withFederatedToken(CLIENT, "projected");
        azure.put(SMTP, "aks-smtp");
        Map<String, String> env = Map.of("AZURE_CLIENT_ID", CLIENT, "AZURE_TENANT_ID", FakeAzureKeyVault.TENANT,
                "AZURE_FEDERATED_TOKEN_FILE", federated.toString(), "AZURE_AUTHORITY_HOST", azure.uri() + "/");
        Map<String, String> opts = Map.of("backends", "azure", "azure-vault-url", azure.uri().toString(), "azure-auth", "workload-identity");
        try (SecretResolver r = ResolverConfig.build(opts::get, env, host())) {
            assertEquals("aks-smtp", text(r.resolve("demo", "azure:smtp-password").value().orElseThrow()));
        }
    }

    @Test
    void noSecretOrTokenAppearsInAnyMessage() throws Exception {
        azure.withClientSecret(CLIENT, CLIENT_SECRET);
        azure.put(SMTP, "smtp-plaintext");
        azure.put("keycloak--demo--expired", "expired-plaintext", true, null, Instant.now().minusSeconds(5));
        azure.put("keycloak--demo--early", "early-plaintext", true, Instant.now().plusSeconds(3600), null);
        azure.put("keycloak--demo--off", "disabled-plaintext", false, null, null);
        file("client-secret", CLIENT_SECRET);
        AzureKeyVaultBackend b = backend(Auth.CLIENT_SECRET, CLIENT);
        List<String> messages = new ArrayList<>();
        b.fetch(SMTP, null);
        for (String name : List.of("keycloak--demo--early", "keycloak--demo--off", "keycloak--demo--none")) {
            messages.add(assertThrows(BackendException.class, () -> b.fetch(name, null)).getMessage());
        }
        azure.failWith(429, 3);
        messages.add(assertThrows(BackendException.class, () -> b.fetch(SMTP, null)).getMessage());
        azure.failWith(0, 0);
        azure.rejectTokens(true);
        messages.add(assertThrows(BackendException.class, () -> b.fetch(SMTP, null)).getMessage());
        azure.rejectTokens(false);
        azure.withClientSecret(CLIENT, "rotated-in-entra");
        azure.revokeAllTokens();
        messages.add(assertThrows(BackendException.class, () -> b.fetch(SMTP, null)).getMessage());

        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, "rotated-in-entra", "plaintext"));
        secrets.addAll(azure.issuedTokens());
        for (String m : messages) {
            for (String s : secrets) {
                assertFalse(m.contains(s), m + " contains a secret");
            }
        }
        assertEquals(6, messages.size());
    }

    // --- harness ---

    interface Call {
        void run() throws Exception;
    }

    static BackendException fail(Call call, BackendException.Kind kind) {
        BackendException e = assertThrows(BackendException.class, call::run);
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    AzureKeyVaultBackend backend(Auth auth, String clientId) throws Exception {
        return backend(auth, clientId, null, clock);
    }

    AzureKeyVaultBackend backend(Auth auth, String clientId, Path certificate) {
        return new AzureKeyVaultBackend(settings(auth, clientId, certificate, null), host(), clock);
    }

    AzureKeyVaultBackend backend(Auth auth, String clientId, Duration timeout, Clock clock) {
        return new AzureKeyVaultBackend(settings(auth, clientId, null, timeout), host(), clock);
    }

    AzureKeyVaultBackend.Settings settings(Auth auth, String clientId, Path certificate, Duration timeout) {
        return new AzureKeyVaultBackend.Settings(azure.uri(), auth, FakeAzureKeyVault.TENANT, clientId, dir.resolve("client-secret"),
                certificate, dir.resolve("azure-identity-token"), azure.uri(), azure.uri(), timeout);
    }

    HostServices host() {
        return HostServices.of(keycloakClient(), Runnable::run);
    }

    /** Built as Keycloak's default HttpClientFactory builds the client HttpClientProvider hands out. */
    CloseableHttpClient keycloakClient() {
        CloseableHttpClient client = new HttpClientBuilder().socketTimeout(5, TimeUnit.SECONDS)
                .establishConnectionTimeout(5, TimeUnit.SECONDS).disableCookies(true).build();
        clients.add(client);
        return client;
    }

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static Path resource(String name) throws Exception {
        return Path.of(AzureKeyVaultBackendTest.class.getResource("/azure/" + name).toURI());
    }

    static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
