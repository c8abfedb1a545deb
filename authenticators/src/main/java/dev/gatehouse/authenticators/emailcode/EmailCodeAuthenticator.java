package dev.gatehouse.authenticators.emailcode;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.Stage;
import dev.gatehouse.authenticators.otp.Verdict;
import dev.gatehouse.authenticators.otp.keycloak.CodeFlows;
import dev.gatehouse.authenticators.otp.keycloak.CodeStep;

/** Second factor: a one-time code sent to the user's verified email address. Flow decisions only; the code step does the rest. */
public class EmailCodeAuthenticator implements Authenticator, CredentialValidator<EmailCodeCredentialProvider> {

    private static final EmailChannel CHANNEL = EmailChannel.INSTANCE;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        CodeStep step = CodeFlows.step(context, OtpPolicy.SECOND_FACTOR, CodeMode.SECOND_FACTOR, CHANNEL);
        if (step == null) {
            return;
        }
        UserModel user = context.getUser();
        Instant now = CodeFlows.now();
        String address = CHANNEL.verifiedDestination(user);
        if (address == null) {
            context.getEvent().user(user).error(Errors.INVALID_EMAIL);
            LoginFormsProvider form = context.form().setError(CHANNEL.messageKey(CodeMessage.NO_DESTINATION));
            context.failureChallenge(AuthenticationFlowError.INVALID_USER, step.page(form, Stage.BLOCKED, null, now));
            return;
        }
        context.challenge(step.sentPage(context.form(), step.ensureSent(user, address, now), address, now, false));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        CodeStep step = CodeFlows.step(context, OtpPolicy.SECOND_FACTOR, CodeMode.SECOND_FACTOR, CHANNEL);
        if (step == null) {
            return;
        }
        UserModel user = context.getUser();
        String address = CHANNEL.verifiedDestination(user);
        if (address == null) {
            authenticate(context);
            return;
        }
        Instant now = CodeFlows.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        if (input.containsKey("resend")) {
            context.challenge(step.sentPage(form, step.resend(user, address, now), address, now, true));
            return;
        }
        // A user the realm's brute-force detection has locked gets the same answer as a wrong code.
        if (AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            form.setError(CHANNEL.messageKey(CodeMessage.INVALID));
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, step.page(form, Stage.CODE, address, now));
            return;
        }
        Verdict verdict = step.check(user, address, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            context.success();
            return;
        }
        Response page = step.rejectedPage(form, verdict, address, now);
        if (verdict == Verdict.STALE) {
            context.challenge(page); // a code from an earlier email: a mix-up, not a failure
            return;
        }
        if (verdict.guess()) {
            CodeFlows.countFailure(context, user);
        }
        context.getEvent().user(user).error(verdict.guess() ? Errors.INVALID_USER_CREDENTIALS : Errors.EXPIRED_CODE);
        context.failureChallenge(verdict.guess() ? AuthenticationFlowError.INVALID_CREDENTIALS
                : AuthenticationFlowError.EXPIRED_CODE, page);
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
