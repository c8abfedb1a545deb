package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.mfa.Factor;
import dev.gatehouse.authenticators.mfa.MfaPolicy;

/**
 * A realm's MFA policy, read from the config of the required action {@code gatehouse-mfa-enrol}. A broken config
 * (saved around the admin console's check, e.g. by a realm import) is one log line naming the option, and then the
 * defaults, which require MFA: a typo never switches the policy off.
 */
public final class MfaPolicies {

    private static final Logger LOG = Logger.getLogger(MfaPolicies.class);

    private MfaPolicies() {
    }

    public static MfaPolicy load(KeycloakSession session, RealmModel realm) {
        try {
            return MfaPolicy.of(config(realm));
        } catch (IllegalArgumentException e) {
            LOG.warnf("realm %s, required action %s config: %s; the default MFA policy applies", realm.getName(),
                    MfaEnrolActionFactory.PROVIDER_ID, e.getMessage());
            return MfaPolicy.DEFAULTS;
        }
    }

    /** The raw policy config (empty when the required action has none). */
    public static Map<String, String> config(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(MfaEnrolActionFactory.PROVIDER_ID);
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    /**
     * The policy's factors this user can set up, in policy order: the setup required action is registered and
     * enabled in the realm, and email codes only for a user with an email address (their setup has nowhere to
     * send the code otherwise: a dead end).
     */
    public static List<Factor> offered(MfaPolicy policy, RealmModel realm, UserModel user) {
        boolean hasEmail = user.getEmail() != null && !user.getEmail().isBlank();
        return policy.factors().stream()
                .filter(f -> enabled(realm, f.setupAction()))
                .filter(f -> f != Factor.EMAIL || hasEmail)
                .toList();
    }

    /** Whether the realm has this required action, enabled. */
    static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}
