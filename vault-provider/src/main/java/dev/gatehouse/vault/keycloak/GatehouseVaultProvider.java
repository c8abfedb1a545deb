package dev.gatehouse.vault.keycloak;

import java.nio.ByteBuffer;
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

import dev.gatehouse.vault.SecretCache;
import dev.gatehouse.vault.SecretResolver;

/**
 * Resolves {@code ${vault.…}} for the realm in the session's context. A secret that can't be resolved is logged
 * with its reference, backend, backend name and reason (never a value), so an admin sees why an SMTP or
 * identity-provider login failed rather than Keycloak quietly trying the literal text.
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
        RealmModel realm = session.getContext().getRealm();
        if (realm == null) {
            LOG.warnf("gatehouse vault: ${vault.%s} asked for outside a realm; not resolved", vaultSecretId);
            return DefaultVaultRawSecret.forBuffer(Optional.empty());
        }
        SecretResolver.Lookup lookup;
        try {
            lookup = resolver.resolve(realm.getName(), vaultSecretId);
        } catch (IllegalArgumentException e) {
            LOG.warnf("gatehouse vault: refused ${vault.%s} in realm %s: %s", vaultSecretId, realm.getName(), e.getMessage());
            return DefaultVaultRawSecret.forBuffer(Optional.empty());
        }
        if (lookup.fetched()) {
            publish(realm, vaultSecretId, lookup);
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
        return DefaultVaultRawSecret.forBuffer(lookup.value().map(ByteBuffer::wrap));
    }

    private void publish(RealmModel realm, String id, SecretResolver.Lookup lookup) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reference", id);
        details.put("backend", lookup.backend());
        details.put("name", lookup.backendName());
        String outcome = lookup.outcome().name().toLowerCase(Locale.ROOT);
        details.put("outcome", outcome);
        String error = lookup.outcome() == SecretCache.Outcome.FETCHED ? null : outcome;
        session.getKeycloakSessionFactory().publish(new VaultFetchEvent(session, realm.getId(), error, details));
    }

    @Override
    public void close() {
    }
}
