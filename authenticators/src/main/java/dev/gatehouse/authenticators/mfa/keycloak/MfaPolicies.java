package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.Map;

import dev.gatehouse.authenticators.mfa.MfaPolicy;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/** TEMPORARY stand-in (lane mfaidp) for lane mfapolicy's loader, with the contract's signatures; replaced at merge. */
public final class MfaPolicies {

    private MfaPolicies() {
    }

    public static MfaPolicy load(KeycloakSession session, RealmModel realm) {
        try {
            return MfaPolicy.of(config(realm));
        } catch (IllegalArgumentException e) {
            return MfaPolicy.DEFAULTS;
        }
    }

    public static Map<String, String> config(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias("gatehouse-mfa-enrol");
        return config == null || config.getConfig() == null ? Map.of() : config.getConfig();
    }
}
