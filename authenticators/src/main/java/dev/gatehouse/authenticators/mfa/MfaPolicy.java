package dev.gatehouse.authenticators.mfa;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A realm's MFA policy, read from the config of the required action {@code gatehouse-mfa-enrol}. Plain Java.
 *
 * <p>Who must use MFA: a requirement (required client, role or group) always wins; otherwise an exemption (exempt
 * client or group) lifts the realm default; otherwise the realm default. A brokered sign-in is then judged by its
 * identity provider's setting (none / local / trust-mfa + acknowledged + amr/acr saying MFA).
 */
public record MfaPolicy(boolean requiredByDefault, Set<String> requiredClients, Set<String> exemptClients,
                        Set<String> requiredRoles, Set<String> requiredGroups, Set<String> exemptGroups,
                        List<Factor> factors, boolean recoveryCodes, Grace grace, Map<String, IdpTrust> idps,
                        Set<String> acknowledgedIdps, Set<String> idpMfaAmr, Set<String> idpMfaAcr,
                        int ipFailures, int ipWindowMinutes) {

    /** Reads a config; a missing option takes its default, a malformed one is refused naming the option. */
    public static MfaPolicy of(Map<String, String> config) {
        throw new UnsupportedOperationException("lane mfacore");
    }

    public Decision decide(SignIn signIn) {
        throw new UnsupportedOperationException("lane mfacore");
    }

    /** The trust setting of an identity provider (LOCAL when not listed). */
    public IdpTrust trustOf(String idpAlias) {
        throw new UnsupportedOperationException("lane mfacore");
    }
}
