package dev.gatehouse.audit.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.vault.VaultStringSecret;

import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.spi.UnresolvedVaultSecret;

/**
 * Where the checkpoint signing key comes from: nowhere (unsigned, warned at start), a file read at start, or a
 * {@code ${vault.…}} reference resolved through Keycloak's vault in the master realm's context. A vault key is
 * looked up again on every seal until it resolves, so a secret manager that is down at boot delays sealing
 * instead of stopping Keycloak or silently sealing unsigned.
 */
final class SigningKey {

    private static final Logger LOG = Logger.getLogger(SigningKey.class);

    private final String keyName;
    private final String vaultReference;
    private volatile SignedNote.Signer signer;

    private SigningKey(String keyName, String vaultReference, SignedNote.Signer signer) {
        this.keyName = keyName;
        this.vaultReference = vaultReference;
        this.signer = signer;
    }

    static SigningKey configure(String keyName, String keyFile, String vaultReference) {
        boolean hasFile = keyFile != null && !keyFile.isBlank();
        boolean hasVault = vaultReference != null && !vaultReference.isBlank();
        if (hasFile && hasVault) {
            throw new IllegalStateException("gatehouse-audit: set signing-key-file or signing-key, not both");
        }
        if (hasVault) {
            if (!vaultReference.matches("\\$\\{vault\\.[^}]+}")) {
                // A literal key in server options would end up in shell history and process listings.
                throw new IllegalStateException("gatehouse-audit: signing-key must be a ${vault.<name>} reference; use signing-key-file for a file");
            }
            return new SigningKey(keyName, vaultReference, null);
        }
        if (!hasFile) {
            LOG.warn("gatehouse-audit: no signing key: checkpoints are NOT signed; an attacker with database "
                    + "access can rewrite the log and its checkpoints together (see the README's threat model)");
            return new SigningKey(keyName, null, null);
        }
        try {
            SignedNote.Signer s = signer(keyName, Files.readString(Path.of(keyFile)));
            LOG.infof("gatehouse-audit: checkpoints signed; verifier key %s", s.verifierKey());
            return new SigningKey(keyName, null, s);
        } catch (IOException | IllegalArgumentException e) {
            // Refuse to start half-configured: a key that was asked for and can't be read is an admin error.
            throw new IllegalStateException("gatehouse-audit: cannot read signing-key-file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** True when checkpoints are meant to be signed. */
    boolean configured() {
        return vaultReference != null || signer != null;
    }

    /**
     * The signer, resolving a vault reference if needed; empty when unsigned by configuration.
     *
     * @throws IllegalStateException when a configured vault key can't be resolved (the seal waits)
     */
    Optional<SignedNote.Signer> signer(KeycloakSession session) {
        SignedNote.Signer s = signer;
        if (s != null || vaultReference == null) {
            return Optional.ofNullable(s);
        }
        String seed = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), inner -> {
            RealmModel master = inner.realms().getRealmByName("master");
            inner.getContext().setRealm(master);
            try (VaultStringSecret secret = inner.vault().getStringSecret(vaultReference)) {
                return UnresolvedVaultSecret.resolved(secret.get()).orElse(null);
            }
        });
        if (seed == null || seed.equals(vaultReference)) {
            throw new IllegalStateException("gatehouse-audit: signing key " + vaultReference + " is not in the vault; sealing waits");
        }
        try {
            s = signer(keyName, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse-audit: signing key " + vaultReference + " is not a base64 32-byte seed");
        }
        LOG.infof("gatehouse-audit: checkpoints signed with the key from %s; verifier key %s", vaultReference, s.verifierKey());
        signer = s;
        return Optional.of(s);
    }

    /** The verifier key, once known. */
    String verifierKey() {
        SignedNote.Signer s = signer;
        return s == null ? null : s.verifierKey();
    }

    private static SignedNote.Signer signer(String keyName, String base64Seed) {
        return new SignedNote.Signer(keyName, Base64.getDecoder().decode(base64Seed.trim()));
    }
}
