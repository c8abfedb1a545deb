package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gatehouse.testsupport.fakes.FakeSecretsManager;
import dev.gatehouse.testsupport.fakes.FakeVault;
import dev.gatehouse.vault.backend.AwsSecretsManagerBackend;
import dev.gatehouse.vault.backend.HashiCorpVaultBackend;

/**
 * What AWS and Vault say about a secret's lifetime, read by the real clients from the fakes of their wire protocols:
 * AWS's NextRotationDate (DescribeSecret), Vault's KV v2 deletion_time and leases; and what the resolver makes of it.
 */
class ExpiryAgainstFakesTest {

    @TempDir
    Path dir;
    FakeSecretsManager aws;
    FakeVault vault;
    final List<CloseableHttpClient> clients = new ArrayList<>();

    @BeforeAll
    static void awsCredentials() {
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

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    AwsSecretsManagerBackend awsBackend(Clock clock) {
        aws = aws == null ? new FakeSecretsManager() : aws;
        // Generous: nothing here is about timeouts, and the AWS SDK's first call in a JVM is slow.
        return new AwsSecretsManagerBackend("us-east-1", aws.uri(), Duration.ofSeconds(10), clock);
    }

    HostServices host() {
        CloseableHttpClient client = new HttpClientBuilder().socketTimeout(10, TimeUnit.SECONDS)
                .establishConnectionTimeout(10, TimeUnit.SECONDS).disableCookies(true).build();
        clients.add(client);
        return HostServices.of(client, Runnable::run);
    }

    HashiCorpVaultBackend vaultBackend(int kv, Clock clock) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "root-token");
        return new HashiCorpVaultBackend(new HashiCorpVaultBackend.Settings(vault.uri(), null, HashiCorpVaultBackend.Auth.TOKEN, token,
                null, null, null, null, "token", kv == 2 ? "secret" : "kv", kv, null), host(), clock);
    }

    @Test
    void awsRotationDateComesFromDescribeSecret() throws Exception {
        AwsSecretsManagerBackend b = awsBackend(Clock.systemUTC());
        aws.put("keycloak/demo/db", "{\"password\":\"one\"}");
        assertNull(b.fetch("keycloak/demo/db", null).rotatesAt(), "never configured for rotation: no date");

        Instant next = Instant.parse("2031-03-01T04:00:00Z");
        aws.rotation("keycloak/demo/db", true, next);
        FetchedSecret f = b.fetch("keycloak/demo/db", null);
        assertEquals("{\"password\":\"one\"}", text(f.value()));
        assertEquals(next, f.rotatesAt());
        assertNull(f.expiresAt(), "AWS secrets don't expire");
        assertEquals(next, b.fetch("keycloak/demo/db", "AWSCURRENT").rotatesAt(), "a stage rotates with its secret");

        Instant fractional = Instant.parse("2031-03-01T04:00:00.250Z");
        aws.rotation("keycloak/demo/db", true, fractional);
        assertEquals(fractional, b.fetch("keycloak/demo/db", null).rotatesAt(), "epoch seconds with a fraction, as AWS sends them");

        aws.rotation("keycloak/demo/db", false, next);
        assertNull(b.fetch("keycloak/demo/db", null).rotatesAt(), "rotation turned off: a leftover date means nothing");
        assertEquals(5, aws.describeCalls(), "one DescribeSecret per fetch");
        b.close();
    }

    @Test
    void awsRotationDatesOutside1970To9999AreClamped() throws Exception {
        AwsSecretsManagerBackend b = awsBackend(Clock.systemUTC());
        aws.put("keycloak/demo/db", "s3cret");
        aws.rotation("keycloak/demo/db", true, Instant.parse("+200000-01-01T00:00:00Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), b.fetch("keycloak/demo/db", null).rotatesAt());
        aws.rotation("keycloak/demo/db", true, Instant.parse("1900-01-01T00:00:00Z"));
        assertEquals(Instant.EPOCH, b.fetch("keycloak/demo/db", null).rotatesAt());
        b.close();
    }

    /** A lease is believed up to 366 days: beyond that (up to Long.MAX_VALUE seconds) it is capped, not an exception. */
    @Test
    void vaultLeasesAreCappedAt366Days() throws Exception {
        vault = new FakeVault().withToken("root-token");
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        HashiCorpVaultBackend b = vaultBackend(2, clock);
        for (long lease : new long[] {Long.MAX_VALUE, 400L * 86_400, 40_000_000_000_000_000L}) {
            vault.lease("keycloak/demo/smtp", lease);
            assertEquals(clock.instant().plus(Duration.ofDays(366)), b.fetch("keycloak/demo/smtp", null).expiresAt(), lease + " s");
        }
        vault.lease("keycloak/demo/smtp", 365L * 86_400);
        assertEquals(clock.instant().plus(Duration.ofDays(365)), b.fetch("keycloak/demo/smtp", null).expiresAt(), "below the cap: as sent");
    }

    @Test
    void awsWithoutDescribeSecretServesTheValueAndAsksAgainAnHourLater() throws Exception {
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        AwsSecretsManagerBackend b = awsBackend(clock);
        aws.put("keycloak/demo/db", "s3cret");
        aws.rotation("keycloak/demo/db", true, Instant.parse("2031-03-01T04:00:00Z"));
        aws.denyDescribe(true);

        FetchedSecret f = b.fetch("keycloak/demo/db", null);
        assertEquals("s3cret", text(f.value()), "a role with GetSecretValue only still gets the value");
        assertNull(f.rotatesAt());
        b.fetch("keycloak/demo/db", null);
        clock.advance(Duration.ofMinutes(59));
        b.fetch("keycloak/demo/db", null);
        assertEquals(1, aws.describeCalls(), "a denied DescribeSecret is not asked again on every fetch");
        assertEquals(3, aws.getCalls());

        clock.advance(Duration.ofMinutes(1));
        assertNull(b.fetch("keycloak/demo/db", null).rotatesAt());
        assertEquals(2, aws.describeCalls(), "asked again after an hour");

        aws.denyDescribe(false); // the admin granted secretsmanager:DescribeSecret
        clock.advance(Duration.ofHours(1));
        assertEquals(Instant.parse("2031-03-01T04:00:00Z"), b.fetch("keycloak/demo/db", null).rotatesAt());
        b.fetch("keycloak/demo/db", null);
        assertEquals(4, aws.describeCalls(), "once allowed, asked on each fetch");
        b.close();
    }

    @Test
    void awsRotationWithinTheWarningIsReportedOnTheFetchOnly() {
        aws = new FakeSecretsManager();
        aws.put("keycloak/demo/smtp", "{\"password\":\"s3cret\"}");
        aws.put("keycloak/demo/idp", "{\"secret\":\"far\"}");
        Instant soon = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        aws.rotation("keycloak/demo/smtp", true, soon);
        aws.rotation("keycloak/demo/idp", true, Instant.now().plus(30, ChronoUnit.DAYS));
        Map<String, String> opts = new HashMap<>(Map.of("backends", "aws", "aws-region", "us-east-1", "aws-endpoint", aws.uri().toString()));
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), host())) {
            assertEquals(Duration.ofDays(14), r.expiryWarning(), "the default");
            SecretResolver.Lookup fetched = r.resolve("demo", "smtp#password");
            assertEquals(soon, fetched.rotatesAt());
            ExpiryNotice n = r.expiryNotice(fetched, Instant.now()).orElseThrow();
            assertEquals(ExpiryNotice.ROTATES, n.kind());
            assertEquals(soon, n.at());
            assertTrue(Math.abs(n.inSeconds() - Duration.ofDays(3).toSeconds()) < 60, n.toString());

            SecretResolver.Lookup hit = r.resolve("demo", "smtp#password");
            assertEquals(SecretCache.Outcome.HIT, hit.outcome());
            assertTrue(r.expiryNotice(hit, Instant.now()).isEmpty(), "a cache hit is not reported again");
            assertTrue(r.expiryNotice(r.resolve("demo", "idp#secret"), Instant.now()).isEmpty(), "30 days away: beyond the 14-day warning");
        }
        opts.put("expiry-warning", "P45D");
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), host())) {
            assertTrue(r.expiryNotice(r.resolve("demo", "idp#secret"), Instant.now()).isPresent(), "within a 45-day warning");
        }
        opts.put("expiry-warning", "0");
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), host())) {
            assertTrue(r.expiryNotice(r.resolve("demo", "smtp#password"), Instant.now()).isEmpty(), "0: no warnings");
        }
    }

    @Test
    void vaultKv2DeletionTimeIsTheVersionsExpiry() throws Exception {
        vault = new FakeVault().withToken("root-token");
        vault.putV2("keycloak/demo/smtp", Map.of("password", "one"));
        vault.putV2("keycloak/demo/smtp", Map.of("password", "two"));
        Instant deletion = Instant.parse("2031-03-01T04:00:00.123456789Z");
        vault.deletionTime("keycloak/demo/smtp", 1, deletion);
        HashiCorpVaultBackend b = vaultBackend(2, Clock.systemUTC());
        FetchedSecret one = b.fetch("keycloak/demo/smtp", "1");
        assertEquals("one", text(FieldSelector.only(one.value())));
        assertEquals(deletion, one.expiresAt(), "RFC 3339 with nanoseconds, as Vault writes it");
        assertNull(one.rotatesAt());
        assertNull(b.fetch("keycloak/demo/smtp", null).expiresAt(), "an empty deletion_time: no expiry");
    }

    @Test
    void vaultLeaseEndsTheValueButKv1sRefreshHintDoesNot() throws Exception {
        vault = new FakeVault().withToken("root-token");
        vault.putV1("keycloak/demo/smtp", Map.of("password", "kv1"));
        SecretCacheTest.TestClock clock = new SecretCacheTest.TestClock();
        HashiCorpVaultBackend kv1 = vaultBackend(1, clock);
        assertNull(kv1.fetch("keycloak/demo/smtp", null).expiresAt(), "lease_duration 2764800 with an empty lease_id is a hint");
        vault.lease("keycloak/demo/smtp", 600);
        assertEquals(clock.instant().plusSeconds(600), kv1.fetch("keycloak/demo/smtp", null).expiresAt());

        vault.putV2("keycloak/demo/idp", Map.of("secret", "v2"));
        HashiCorpVaultBackend kv2 = vaultBackend(2, clock);
        vault.lease("keycloak/demo/idp", 3600);
        assertEquals(clock.instant().plusSeconds(3600), kv2.fetch("keycloak/demo/idp", null).expiresAt());
        vault.deletionTime("keycloak/demo/idp", 1, clock.instant().plusSeconds(60));
        assertEquals(clock.instant().plusSeconds(60), kv2.fetch("keycloak/demo/idp", null).expiresAt(), "the earlier of lease and deletion");
    }

    /** Clocks differ: Vault may answer with a version whose deletion_time has passed by ours. */
    @Test
    void anExpiredValueIsNotServedAndTheLookupSaysWhy() throws Exception {
        vault = new FakeVault().withToken("root-token");
        vault.putV2("keycloak/demo/smtp", Map.of("password", "old"));
        Instant past = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        vault.deletionTime("keycloak/demo/smtp", 1, past);
        Path token = dir.resolve("token");
        Files.writeString(token, "root-token");
        Map<String, String> opts = Map.of("backends", "hashicorp", "hashicorp-address", vault.uri().toString(),
                "hashicorp-token-file", token.toString());
        try (SecretResolver r = ResolverConfig.build(opts::get, Map.of(), host())) {
            SecretResolver.Lookup l = r.resolve("demo", "smtp");
            assertTrue(l.value().isEmpty());
            assertEquals(SecretCache.Outcome.FAILED, l.outcome());
            assertTrue(l.expired());
            assertEquals(past, l.expiresAt());
            assertTrue(l.detail().contains("expired at " + past), l.detail());
            assertTrue(r.expiryNotice(l, Instant.now()).isEmpty(), "refused, not warned about");
        }
    }
}
