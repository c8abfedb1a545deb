package dev.gatehouse.authenticators.emailcode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.Verdict;

/** Second factor: a one-time code sent to the user's verified email address. */
public class EmailCodeAuthenticator implements Authenticator, CredentialValidator<EmailCodeCredentialProvider> {

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);
    static final String MODE = "second-factor";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        EmailCodeStep step = step(context);
        if (step == null) {
            return;
        }
        UserModel user = context.getUser();
        Instant now = now();
        if (!hasVerifiedEmail(user)) {
            context.getEvent().user(user).error(Errors.INVALID_EMAIL);
            LoginFormsProvider form = context.form().setError("gatehouse-emailCodeNoVerifiedEmail");
            context.failureChallenge(AuthenticationFlowError.INVALID_USER, step.page(form, "blocked", null, now));
            return;
        }
        EmailCodeStep.Sent sent = step.ensureSent(user, user.getEmail(), now);
        context.challenge(step.sentPage(context.form(), sent, user.getEmail(), now, false));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        EmailCodeStep step = step(context);
        if (step == null) {
            return;
        }
        UserModel user = context.getUser();
        Instant now = now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        if (!hasVerifiedEmail(user)) {
            authenticate(context);
            return;
        }
        if (input.containsKey("resend")) {
            context.challenge(step.resendPage(form, user, user.getEmail(), now));
            return;
        }
        // A user the realm's brute-force detection has locked gets the same answer as a wrong code.
        if (AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            form.setError("gatehouse-emailCodeInvalid");
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, step.page(form, "code", user.getEmail(), now));
            return;
        }
        Verdict verdict = step.check(user, input.getFirst("code"), now);
        switch (verdict) {
            case ACCEPTED -> context.success();
            case EXPIRED, MISSING -> {
                context.getEvent().user(user).error(Errors.EXPIRED_CODE);
                form.setError("gatehouse-emailCodeExpired");
                context.failureChallenge(AuthenticationFlowError.EXPIRED_CODE, step.page(form, "code", user.getEmail(), now));
            }
            case REJECTED, EXHAUSTED -> {
                countForBruteForce(context, user);
                context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
                if (verdict == Verdict.EXHAUSTED) {
                    form.setError("gatehouse-emailCodeVoid");
                } else {
                    form.setError("gatehouse-emailCodeInvalidAttempts", step.attemptsLeft());
                }
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, step.page(form, "code", user.getEmail(), now));
            }
        }
    }

    /**
     * Keycloak's brute-force detection only counts failures of the password, otp and recovery-code categories
     * (DefaultBruteForceProtector); our executions have their own category, so wrong codes are reported as otp.
     */
    static void countForBruteForce(AuthenticationFlowContext context, UserModel user) {
        RealmModel realm = context.getRealm();
        if (user != null && realm.isBruteForceProtected()) {
            context.getProtector().failedLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(OTPCredentialModel.TYPE));
        }
    }

    static boolean hasVerifiedEmail(UserModel user) {
        return user != null && user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified();
    }

    static Instant now() {
        return Instant.ofEpochSecond(Time.currentTime());
    }

    /** The step with this execution's policy, or null after showing a clear page for a broken config. */
    static EmailCodeStep step(AuthenticationFlowContext context, OtpPolicy defaults, String mode) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        OtpPolicy policy;
        try {
            policy = OtpPolicy.from(config == null ? null : config.getConfig(), defaults);
        } catch (IllegalArgumentException e) {
            LOG.warnf("realm %s, authenticator config %s: %s", context.getRealm().getName(),
                    config == null ? "-" : config.getAlias(), e.getMessage());
            context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR,
                    context.form().setError("gatehouse-emailCodeUnavailable").createErrorPage(jakarta.ws.rs.core.Response.Status.BAD_REQUEST));
            return null;
        }
        return new EmailCodeStep(context.getSession(), context.getAuthenticationSession(), context.getEvent(), policy, mode,
                PasswordlessEmailCodeAuthenticator.MODE.equals(mode));
    }

    private static EmailCodeStep step(AuthenticationFlowContext context) {
        return step(context, OtpPolicy.SECOND_FACTOR, MODE);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return getCredentialProvider(session).isConfiguredFor(realm, user, EmailCodeCredentialModel.TYPE);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        var authSession = session.getContext().getAuthenticationSession();
        if (!authSession.getRequiredActions().contains(EmailCodeSetupActionFactory.PROVIDER_ID)) {
            authSession.addRequiredAction(EmailCodeSetupActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, EmailCodeSetupActionFactory.PROVIDER_ID));
    }

    @Override
    public EmailCodeCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (EmailCodeCredentialProvider) session.getProvider(CredentialProvider.class, EmailCodeCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public void close() {
    }
}
