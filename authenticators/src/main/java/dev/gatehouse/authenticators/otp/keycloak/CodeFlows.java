package dev.gatehouse.authenticators.otp.keycloak;

import java.time.Instant;
import java.util.Set;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;

/** What every code authenticator does the same way with Keycloak's flow context; no state. */
public final class CodeFlows {

    private static final Logger LOG = Logger.getLogger(CodeFlows.class);

    private CodeFlows() {
    }

    /** Keycloak's clock, so that its time offset applies. */
    public static Instant now() {
        return Instant.ofEpochSecond(Time.currentTime());
    }

    /**
     * The code step of this execution, with its configured policy; null after showing a clear page for a
     * broken config (and logging one line naming the option).
     */
    public static CodeStep step(AuthenticationFlowContext context, OtpPolicy defaults, CodeMode mode, CodeChannel channel) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        OtpPolicy policy;
        try {
            policy = OtpPolicy.from(config == null ? null : config.getConfig(), defaults);
        } catch (IllegalArgumentException e) {
            LOG.warnf("realm %s, authenticator config %s: %s", context.getRealm().getName(),
                    config == null ? "-" : config.getAlias(), e.getMessage());
            context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError(channel.messageKey(CodeMessage.MISCONFIGURED)).createErrorPage(Response.Status.BAD_REQUEST));
            return null;
        }
        return new CodeStep(context.getSession(), context.getAuthenticationSession(), context.getEvent(), policy, mode, channel);
    }

    /**
     * Keycloak's brute-force detection only counts failures of the password, otp and recovery-code categories
     * (DefaultBruteForceProtector); our executions have their own category, so wrong codes are reported as otp.
     */
    public static void countFailure(AuthenticationFlowContext context, UserModel user) {
        RealmModel realm = context.getRealm();
        if (user != null && realm.isBruteForceProtected()) {
            context.getProtector().failedLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(OTPCredentialModel.TYPE));
        }
    }

    /** The same count outside an authentication flow (a setup required action: wrong codes count as at sign-in). */
    public static void countFailure(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user != null && realm.isBruteForceProtected()) {
            session.getProvider(BruteForceProtector.class).failedLogin(realm, user, session.getContext().getConnection(),
                    session.getContext().getUri(), Set.of(OTPCredentialModel.TYPE));
        }
    }

    /** Whether brute-force detection has locked the user (temporarily or for good). */
    public static boolean locked(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return protector.isTemporarilyDisabled(session, realm, user) || protector.isPermanentlyLockedOut(session, realm, user);
    }
}
