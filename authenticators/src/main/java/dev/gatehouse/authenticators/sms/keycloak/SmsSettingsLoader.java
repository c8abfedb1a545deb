package dev.gatehouse.authenticators.sms.keycloak;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.vault.VaultStringSecret;

import dev.gatehouse.spi.UnresolvedVaultSecret;

import dev.gatehouse.authenticators.sms.SmsOption;
import dev.gatehouse.authenticators.sms.SmsSettings;

/**
 * A realm's SMS settings from the config of the required action {@code gatehouse-sms-code-setup}, with the
 * Twilio secret resolved from the realm's vault when it is a {@code ${vault.…}} reference. A broken config is
 * one admin log line naming the option (never the secret) and no settings: users then see "unavailable".
 */
public final class SmsSettingsLoader {

    private static final Logger LOG = Logger.getLogger(SmsSettingsLoader.class);
    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\.[^}]+}");

    private SmsSettingsLoader() {
    }

    /** The realm's settings, or null (after one log line) when they are missing or broken. */
    public static SmsSettings load(KeycloakSession session, RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(SmsCodeSetupActionFactory.PROVIDER_ID);
        Map<String, String> config = model == null ? null : model.getConfig();
        try {
            return parse(config, reference -> {
                try (VaultStringSecret secret = session.vault().getStringSecret(reference)) {
                    return UnresolvedVaultSecret.resolved(secret.get());
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warnf("realm %s, required action %s config: %s", realm.getName(), SmsCodeSetupActionFactory.PROVIDER_ID,
                    e.getMessage());
            return null;
        }
    }

    /**
     * Parses a config, resolving a {@code ${vault.…}} secret with {@code vault}.
     *
     * @throws IllegalArgumentException naming the option, without the secret
     */
    static SmsSettings parse(Map<String, String> config, Function<String, Optional<String>> vault) {
        return SmsSettings.from(resolve(config, vault));
    }

    /**
     * The config with its secret resolved. A reference the vault doesn't hold is refused, never sent as the
     * literal text or an empty secret.
     */
    static Map<String, String> resolve(Map<String, String> config, Function<String, Optional<String>> vault) {
        if (config == null || config.isEmpty()) {
            throw new IllegalArgumentException("no SMS settings: configure the required action (Authentication > Required actions)");
        }
        Map<String, String> resolved = new HashMap<>(config);
        String key = SmsOption.TWILIO_SECRET.key();
        String secret = config.get(key);
        if (secret != null && VAULT_REFERENCE.matcher(secret.trim()).matches()) {
            Optional<String> value = vault.apply(secret.trim());
            if (value == null || value.isEmpty() || value.get().isBlank()) {
                throw new IllegalArgumentException(key + ": the vault has no secret " + secret.trim());
            }
            resolved.put(key, value.get());
        }
        return resolved;
    }
}
