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

import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.Stage;
import dev.gatehouse.authenticators.otp.Verdict;
import dev.gatehouse.authenticators.otp.keycloak.CodeFlows;
import dev.gatehouse.authenticators.otp.keycloak.CodeStep;

/**
 * Opt-in to email codes: proves the user receives mail at their address by a code, then records the
 * credential (and marks the address verified, which the code just proved).
 */
public class EmailCodeSetupAction implements RequiredActionProvider, CredentialRegistrator {

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
        CodeStep step = step(context);
        Instant now = CodeFlows.now();
        LoginFormsProvider form = context.form();
        String address = address(user);
        if (address == null) {
            form.setError("gatehouse-emailCodeNoEmail");
            context.challenge(step.page(form, Stage.BLOCKED, null, now));
            return;
        }
        context.challenge(step.sentPage(form, step.ensureSent(user, address, now), address, now, false));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        UserModel user = context.getUser();
        String address = address(user);
        if (address == null) {
            requiredActionChallenge(context);
            return;
        }
        CodeStep step = step(context);
        Instant now = CodeFlows.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        if (input.containsKey("resend")) {
            context.challenge(step.sentPage(form, step.resend(user, address, now), address, now, true));
            return;
        }
        Verdict verdict = step.check(user, address, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            EmailCodeCredentialProvider provider = (EmailCodeCredentialProvider) context.getSession()
                    .getProvider(CredentialProvider.class, EmailCodeCredentialProviderFactory.PROVIDER_ID);
            provider.createCredential(context.getRealm(), user, EmailCodeCredentialModel.create(address));
            if (!user.isEmailVerified()) {
                user.setEmailVerified(true);
            }
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                    .detail("credential_type", EmailCodeCredentialModel.TYPE).success();
            context.success();
            return;
        }
        if (verdict.failure()) {
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL_ERROR)
                    .detail("credential_type", EmailCodeCredentialModel.TYPE)
                    .error(verdict.guess() ? Errors.INVALID_USER_CREDENTIALS : Errors.EXPIRED_CODE);
        }
        context.challenge(step.rejectedPage(form, verdict, address, now));
    }

    /** Setup proves the address, so it need not be verified yet. */
    private static String address(UserModel user) {
        return user.getEmail() == null || user.getEmail().isBlank() ? null : user.getEmail();
    }

    private static CodeStep step(RequiredActionContext context) {
        return new CodeStep(context.getSession(), context.getAuthenticationSession(), context.getEvent(),
                OtpPolicy.SECOND_FACTOR, CodeMode.SETUP, EmailChannel.INSTANCE);
    }

    @Override
    public void close() {
    }
}
