package dev.gatehouse.authenticators.emailcode;

import java.time.Instant;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.Verdict;

/**
 * Opt-in to email codes: proves the user receives mail at their address by a code, then records the
 * credential (and marks the address verified, which the code just proved).
 */
public class EmailCodeSetupAction implements RequiredActionProvider, CredentialRegistrator {

    static final String MODE = "setup";

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return EmailCodeCredentialModel.TYPE;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        UserModel user = context.getUser();
        EmailCodeStep step = step(context);
        Instant now = EmailCodeAuthenticator.now();
        LoginFormsProvider form = context.form();
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            form.setError("gatehouse-emailCodeNoEmail");
            context.challenge(step.page(form, "blocked", null, now));
            return;
        }
        EmailCodeStep.Sent sent = step.ensureSent(user, user.getEmail(), now);
        context.challenge(step.sentPage(form, sent, user.getEmail(), now, false));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            requiredActionChallenge(context);
            return;
        }
        EmailCodeStep step = step(context);
        Instant now = EmailCodeAuthenticator.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        if (input.containsKey("resend")) {
            context.challenge(step.resendPage(form, user, user.getEmail(), now));
            return;
        }
        Verdict verdict = step.check(user, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            EmailCodeCredentialProvider provider = (EmailCodeCredentialProvider) context.getSession()
                    .getProvider(CredentialProvider.class, EmailCodeCredentialProviderFactory.PROVIDER_ID);
            provider.createCredential(context.getRealm(), user, EmailCodeCredentialModel.create(user.getEmail()));
            if (!user.isEmailVerified()) {
                user.setEmailVerified(true);
            }
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                    .detail("credential_type", EmailCodeCredentialModel.TYPE).success();
            context.success();
            return;
        }
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL_ERROR)
                .detail("credential_type", EmailCodeCredentialModel.TYPE)
                .error(verdict == Verdict.EXPIRED ? Errors.EXPIRED_CODE : Errors.INVALID_USER_CREDENTIALS);
        switch (verdict) {
            case EXPIRED, MISSING -> form.setError("gatehouse-emailCodeExpired");
            case EXHAUSTED -> form.setError("gatehouse-emailCodeVoid");
            default -> form.setError("gatehouse-emailCodeInvalidAttempts", step.attemptsLeft());
        }
        context.challenge(step.page(form, "code", user.getEmail(), now));
    }

    private static EmailCodeStep step(RequiredActionContext context) {
        return new EmailCodeStep(context.getSession(), context.getAuthenticationSession(), context.getEvent(),
                OtpPolicy.SECOND_FACTOR, MODE, false);
    }

    @Override
    public void close() {
    }
}
