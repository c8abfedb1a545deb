package dev.gatehouse.authenticators.mfa.keycloak;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.Factor;
import dev.gatehouse.authenticators.mfa.SignIn;

/** The facts about a user the policy needs: roles, groups, second factors, postponed sign-ins. */
public final class MfaUsers {

    /** User attribute: how many sign-ins the user postponed enrolment. */
    public static final String POSTPONED = "gatehouse.mfa.postponed";

    private static final Set<String> FACTOR_TYPES =
            Arrays.stream(Factor.values()).map(Factor::credentialType).collect(Collectors.toUnmodifiableSet());

    private MfaUsers() {
    }

    /** A local (not brokered) sign-in of this user to this client. */
    public static SignIn signIn(UserModel user, ClientModel client) {
        return signIn(user, client, null);
    }

    /**
     * A sign-in of this user to this client by an SSO session that was brokered through {@code idpAlias} (null:
     * local). The upstream token's amr/acr are gone by then: what the provider's MFA proved is the level the
     * brokered sign-in recorded in the session.
     */
    public static SignIn signIn(UserModel user, ClientModel client, String idpAlias) {
        return new SignIn(client == null ? null : client.getClientId(), roles(user), groups(user), idpAlias, Set.of(), null);
    }

    /** Effective roles (groups' roles and composites included): realm role names and clientId.role. */
    public static Set<String> roles(UserModel user) {
        Set<String> out = new LinkedHashSet<>();
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            out.add(role.isClientRole() && role.getContainer() instanceof ClientModel c
                    ? c.getClientId() + "." + role.getName() : role.getName());
        }
        return out;
    }

    /** Group paths, ancestors included: a member of /a/b is in /a/b and /a. */
    public static Set<String> groups(UserModel user) {
        Set<String> out = new LinkedHashSet<>();
        user.getGroupsStream().forEach(g -> {
            for (GroupModel at = g; at != null; at = at.getParent()) {
                out.add(KeycloakModelUtils.buildGroupPath(at));
            }
        });
        return out;
    }

    /** Whether the user has any second factor the policy knows (TOTP, passkey, SMS or email code). */
    public static boolean hasSecondFactor(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream().anyMatch(c -> FACTOR_TYPES.contains(c.getType()));
    }

    /**
     * Whether the user holds a second factor this sign-in has not proven yet: a user whose only factor is the email
     * code they just signed in with (passwordless) has nothing left to ask.
     */
    public static boolean hasUnprovenSecondFactor(UserModel user, RealmModel realm, AuthenticationSessionModel authSession) {
        Set<String> proven = new HashSet<>();
        authSession.getExecutionStatus().forEach((id, status) -> {
            AuthenticationExecutionModel execution = status == AuthenticationSessionModel.ExecutionStatus.SUCCESS
                    ? realm.getAuthenticationExecutionById(id) : null;
            Factor factor = execution == null ? null : Factor.provenBy(execution.getAuthenticator());
            if (factor != null) {
                proven.add(factor.credentialType());
            }
        });
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> FACTOR_TYPES.contains(c.getType()) && !proven.contains(c.getType()));
    }

    public static boolean hasRecoveryCodes(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> RecoveryAuthnCodesCredentialModel.TYPE.equals(c.getType()));
    }

    /** Sign-ins the user postponed enrolment (0 when unset or unreadable). */
    public static int postponed(UserModel user) {
        String v = user.getFirstAttribute(POSTPONED);
        if (v == null || v.isEmpty() || v.length() > 6 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Integer.parseInt(v);
    }

    static void postpone(UserModel user) {
        user.setSingleAttribute(POSTPONED, Integer.toString(postponed(user) + 1));
    }

    /** Today in UTC on Keycloak's clock (its time offset included, so tests can move it). */
    public static LocalDate today() {
        return LocalDate.ofInstant(Instant.ofEpochMilli(Time.currentTimeMillis()), ZoneOffset.UTC);
    }
}
