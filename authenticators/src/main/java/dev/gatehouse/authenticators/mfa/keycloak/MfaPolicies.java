package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;

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

    /** The policy's factors whose setup required action is registered and enabled in the realm, in policy order. */
    public static List<Factor> offered(MfaPolicy policy, RealmModel realm) {
        return policy.factors().stream().filter(f -> enabled(realm, f.setupAction())).toList();
    }

    /** Whether the realm has this required action, enabled. */
    static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}
