package dev.gatehouse.vault.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.gatehouse.spi.AuditableEvent;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.SecretBackend;
import dev.gatehouse.vault.SecretCache;
import dev.gatehouse.vault.SecretNames;
import dev.gatehouse.vault.SecretResolver;

/**
 * The provider's expiry warning against a stub session: one WARN line and one VAULT_SECRET_EXPIRING per backend
 * fetch whose value expires or rotates within expiry-warning; VAULT_FETCH carries the dates; an expired value is
 * an {@code expired} failure. Never the value.
 */
class GatehouseVaultProviderTest {

    static final String VALUE = "s3cret-value";

    final List<ProviderEvent> published = new ArrayList<>();
    final List<LogRecord> logged = new ArrayList<>();
    final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    static final SimpleFormatter FORMAT = new SimpleFormatter();
    final Logger log = Logger.getLogger(GatehouseVaultProvider.class.getName());
    Instant expires;
    Instant rotates;

    @BeforeEach
    void captureLog() {
        log.addHandler(handler);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(handler);
    }

    /** A backend whose one secret has the test's expiry and rotation. */
    final SecretBackend backend = new SecretBackend() {
        @Override
        public String id() {
            return "aws";
        }

        @Override
        public FetchedSecret fetch(String name, String version) {
            return new FetchedSecret(VALUE.getBytes(StandardCharsets.UTF_8), expires, rotates);
        }

        @Override
        public void check() {
        }
    };

    final RealmModel realm = stub(RealmModel.class, Map.of("getName", "demo", "getId", "demo-id"));

    GatehouseVaultProvider provider(Duration expiryWarning) {
        SecretCache cache = new SecretCache(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofSeconds(5), Duration.ofMinutes(5));
        SecretResolver resolver = new SecretResolver(Map.of("aws", backend), "aws", new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_"),
                cache, expiryWarning);
        return new GatehouseVaultProvider(session(), resolver);
    }

    KeycloakSession session() {
        KeycloakSessionFactory factory = (KeycloakSessionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeycloakSessionFactory.class}, (p, m, a) -> {
                    if (m.getName().equals("publish")) {
                        published.add((ProviderEvent) a[0]);
                    }
                    return null;
                });
        return stub(KeycloakSession.class, Map.of("getKeycloakSessionFactory", factory));
    }

    @SuppressWarnings("unchecked")
    static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(GatehouseVaultProviderTest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> answers.get(m.getName()));
    }

    List<AuditableEvent> events(String type) {
        return published.stream().map(AuditableEvent.class::cast).filter(e -> e.type().equals(type)).toList();
    }

    List<String> warnings() {
        // jboss-logging's WARN is a Level of its own with WARNING's value.
        return logged.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue()).map(FORMAT::formatMessage).toList();
    }

    @Test
    void aRotationWithinTheWarningIsLoggedAndEmittedOncePerFetch() {
        rotates = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        GatehouseVaultProvider p = provider(Duration.ofDays(14));
        assertTrue(p.obtainSecret(realm, "smtp").get().isPresent());
        p.obtainSecret(realm, "smtp"); // a cache hit: no second warning

        List<AuditableEvent> expiring = events("VAULT_SECRET_EXPIRING");
        assertEquals(1, expiring.size(), published.toString());
        AuditableEvent e = expiring.get(0);
        assertEquals("demo-id", e.realmId());
        assertNull(e.error(), "a warning: the value was served");
        assertEquals("smtp", e.details().get("reference"));
        assertEquals("aws", e.details().get("backend"));
        assertEquals("keycloak/demo/smtp", e.details().get("name"));
        assertEquals(rotates.toString(), e.details().get("rotates"));
        long in = Long.parseLong(e.details().get("in_seconds"));
        assertTrue(Math.abs(in - Duration.ofDays(3).toSeconds()) < 60, e.details().toString());

        assertEquals(1, warnings().size(), logged.toString());
        String line = warnings().get(0);
        assertTrue(line.startsWith("gatehouse vault: ${vault.smtp} of realm demo (backend aws, name keycloak/demo/smtp) rotates at "
                + rotates + " (in PT"), line);

        AuditableEvent fetch = events("VAULT_FETCH").get(0);
        assertEquals(rotates.toString(), fetch.details().get("rotates"), "the fetch record carries the date too");
        assertFalse(published.toString().contains(VALUE) || logged.stream().anyMatch(r -> FORMAT.formatMessage(r).contains(VALUE)),
                "never the value");
    }

    @Test
    void farDatesAndAZeroWarningAreQuiet() {
        expires = Instant.now().plus(60, ChronoUnit.DAYS);
        provider(Duration.ofDays(14)).obtainSecret(realm, "smtp");
        rotates = Instant.now().plusSeconds(60);
        provider(Duration.ZERO).obtainSecret(realm, "smtp");
        assertTrue(events("VAULT_SECRET_EXPIRING").isEmpty(), published.toString());
        assertTrue(warnings().isEmpty(), logged.toString());
        assertEquals(expires.toString(), events("VAULT_FETCH").get(0).details().get("expires"));
    }

    @Test
    void anExpiredValueIsNotResolvedAndTheFetchSaysExpired() {
        expires = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        assertUnresolved(provider(Duration.ofDays(14)).obtainSecret(realm, "smtp"));
        AuditableEvent fetch = events("VAULT_FETCH").get(0);
        assertEquals("expired", fetch.error());
        assertEquals("expired", fetch.details().get("outcome"));
        assertEquals(expires.toString(), fetch.details().get("expires"));
        assertTrue(events("VAULT_SECRET_EXPIRING").isEmpty());
        assertEquals(List.of("gatehouse vault: ${vault.smtp} of realm demo not resolved (backend aws, name keycloak/demo/smtp): "
                + "the secret expired at " + expires), warnings());
    }

    /** Keycloak would fall back to the literal reference on "nothing", so a failure answers a value no one knows. */
    static void assertUnresolved(org.keycloak.vault.VaultRawSecret secret) {
        byte[] v = secret.getAsArray().orElseThrow(() -> new AssertionError("an empty answer lets Keycloak use the literal ${vault.…}"));
        assertTrue(dev.gatehouse.spi.UnresolvedVaultSecret.is(v), new String(v, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void refusedMissingAndOutsideARealmAnswerAFreshUnguessableValue() {
        GatehouseVaultProvider p = provider(Duration.ofDays(14));
        org.keycloak.vault.VaultRawSecret a = p.obtainSecret(realm, "../master/smtp");
        org.keycloak.vault.VaultRawSecret b = p.obtainSecret(realm, "../master/smtp");
        assertUnresolved(a);
        assertUnresolved(b);
        assertTrue(!java.util.Arrays.equals(a.getAsArray().orElseThrow(), b.getAsArray().orElseThrow()), "a fresh value each time");
        assertUnresolved(p.obtainSecret(null, "smtp"));
    }
}
