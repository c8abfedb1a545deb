package dev.gatehouse.vault.keycloak;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.DefaultVaultRawSecret;
import org.keycloak.vault.VaultProvider;
import org.keycloak.vault.VaultRawSecret;

import dev.gatehouse.spi.UnresolvedVaultSecret;
import dev.gatehouse.vault.ExpiryNotice;
import dev.gatehouse.vault.SecretCache;
import dev.gatehouse.vault.SecretResolver;

/**
 * Resolves {@code ${vault.…}} for the realm in the session's context. A secret that can't be resolved is logged
 * with its reference, backend, backend name and reason (never a value), so an admin sees why an SMTP or
 * identity-provider login failed rather than Keycloak quietly trying the literal text. A fetched value that
 * expires or rotates within {@code expiry-warning} is logged and emitted as {@code VAULT_SECRET_EXPIRING} on each
 * backend fetch (not on cache hits, so at most once per cache-ttl per node).
 */
public class GatehouseVaultProvider implements VaultProvider {

    private static final Logger LOG = Logger.getLogger(GatehouseVaultProvider.class);

    private final KeycloakSession session;
    private final SecretResolver resolver;

    GatehouseVaultProvider(KeycloakSession session, SecretResolver resolver) {
        this.session = session;
        this.resolver = resolver;
    }

    @Override
    public VaultRawSecret obtainSecret(String vaultSecretId) {
        return obtainSecret(session.getContext().getRealm(), vaultSecretId);
    }

    /** Resolves for the given realm; split out so tests need no KeycloakContext (its interface drags in JAX-RS). */
    VaultRawSecret obtainSecret(RealmModel realm, String vaultSecretId) {
        if (realm == null) {
            LOG.warnf("gatehouse vault: ${vault.%s} asked for outside a realm; not resolved", vaultSecretId);
            return unresolved();
        }
        SecretResolver.Lookup lookup;
        try {
            lookup = resolver.resolve(realm.getName(), vaultSecretId);
        } catch (IllegalArgumentException e) {
            LOG.warnf("gatehouse vault: refused ${vault.%s} in realm %s: %s", vaultSecretId, realm.getName(), e.getMessage());
            return unresolved();
        }
        if (lookup.fetched()) {
            publish(realm, vaultSecretId, lookup);
            resolver.expiryNotice(lookup, Instant.now()).ifPresent(n -> warnExpiring(realm, vaultSecretId, lookup, n));
        }
        switch (lookup.outcome()) {
            case NOT_FOUND, FAILED -> {
                if (lookup.fetched()) {
                    LOG.warnf("gatehouse vault: ${vault.%s} of realm %s not resolved (backend %s, name %s): %s",
                            vaultSecretId, realm.getName(), lookup.backend(), lookup.backendName(), lookup.detail());
                } else {
                    LOG.debugf("gatehouse vault: ${vault.%s} of realm %s: %s", vaultSecretId, realm.getName(), lookup.detail());
                }
            }
            case STALE -> {
                if (lookup.fetched()) {
                    LOG.warnf("gatehouse vault: ${vault.%s} of realm %s (backend %s, name %s): %s", vaultSecretId, realm.getName(),
                            lookup.backend(), lookup.backendName(), lookup.detail());
                }
            }
            default -> LOG.tracef("gatehouse vault: ${vault.%s} of realm %s: %s", vaultSecretId, realm.getName(), lookup.outcome());
        }
        return lookup.value().isPresent() ? DefaultVaultRawSecret.forBuffer(lookup.value().map(ByteBuffer::wrap)) : unresolved();
    }

    /**
     * Never "nothing": Keycloak would use the literal {@code ${vault.…}} text instead, which makes it a working
     * client secret while the real one can't be fetched ({@link UnresolvedVaultSecret}). The SecureRandom is made
     * here, not per provider: Keycloak creates a provider per session, and this path is rare.
     */
    private VaultRawSecret unresolved() {
        return DefaultVaultRawSecret.forBuffer(Optional.of(ByteBuffer.wrap(UnresolvedVaultSecret.create(new SecureRandom()))));
    }

    private void publish(RealmModel realm, String id, SecretResolver.Lookup lookup) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reference", id);
        details.put("backend", lookup.backend());
        details.put("name", lookup.backendName());
        // A value refused because the backend says it has expired is a failure of its own kind.
        String outcome = lookup.expired() ? "expired" : lookup.outcome().name().toLowerCase(Locale.ROOT);
        details.put("outcome", outcome);
        if (lookup.expiresAt() != null) {
            details.put(ExpiryNotice.EXPIRES, lookup.expiresAt().toString());
        }
        if (lookup.rotatesAt() != null) {
            details.put(ExpiryNotice.ROTATES, lookup.rotatesAt().toString());
        }
        String error = lookup.outcome() == SecretCache.Outcome.FETCHED ? null : outcome;
        session.getKeycloakSessionFactory().publish(new VaultFetchEvent(session, realm.getId(), error, details));
    }

    private void warnExpiring(RealmModel realm, String id, SecretResolver.Lookup lookup, ExpiryNotice n) {
        Duration in = Duration.ofSeconds(n.inSeconds());
        LOG.warnf("gatehouse vault: ${vault.%s} of realm %s (backend %s, name %s) %s at %s (%s)", id, realm.getName(),
                lookup.backend(), lookup.backendName(), n.kind(), n.at(), in.isNegative() ? in.negated() + " ago" : "in " + in);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reference", id);
        details.put("backend", lookup.backend());
        details.put("name", lookup.backendName());
        details.put(n.kind(), n.at().toString());
        details.put("in_seconds", Long.toString(n.inSeconds()));
        session.getKeycloakSessionFactory().publish(new VaultExpiringEvent(session, realm.getId(), details));
    }

    @Override
    public void close() {
    }
}
