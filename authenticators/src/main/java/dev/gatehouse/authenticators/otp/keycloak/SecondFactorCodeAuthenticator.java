package dev.gatehouse.authenticators.otp.keycloak;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
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

/**
 * A second factor by one-time code on some channel, for a user who opted in (a credential of its type, set up by
 * its required action). Flow decisions only; the code step does the rest. Email and SMS differ only in the
 * channel and the ids.
 */
public abstract class SecondFactorCodeAuthenticator implements Authenticator {

    /** The channel of this request. */
    protected abstract CodeChannel channel(KeycloakSession session, RealmModel realm);

    /** The credential type (and credential provider id) that marks the opt-in. */
    protected abstract String credentialType();

    /** The required action that sets the credential up. */
    protected abstract String setupActionId();

    /** The event error when the user has no destination on the channel. */
    protected abstract String noDestinationError();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        CodeChannel channel = channel(context.getSession(), context.getRealm());
        CodeStep step = CodeFlows.step(context, OtpPolicy.SECOND_FACTOR, CodeMode.SECOND_FACTOR, channel);
        if (step == null) {
            return;
        }
        UserModel user = context.getUser();
        Instant now = CodeFlows.now();
        String destination = channel.verifiedDestination(user);
        if (destination == null) {
            context.getEvent().user(user).error(noDestinationError());
            LoginFormsProvider form = context.form().setError(channel.messageKey(CodeMessage.NO_DESTINATION));
            context.failureChallenge(AuthenticationFlowError.INVALID_USER, step.page(form, Stage.BLOCKED, null, now));
            return;
        }
        context.challenge(step.sentPage(context.form(), step.ensureSent(user, destination, now), destination, now, false));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        CodeChannel channel = channel(context.getSession(), context.getRealm());
        CodeStep step = CodeFlows.step(context, OtpPolicy.SECOND_FACTOR, CodeMode.SECOND_FACTOR, channel);
        if (step == null) {
            return;
        }
        UserModel user = context.getUser();
        String destination = channel.verifiedDestination(user);
        if (destination == null) {
            authenticate(context);
            return;
        }
        Instant now = CodeFlows.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        if (input.containsKey("resend")) {
            context.challenge(step.sentPage(form, step.resend(user, destination, now), destination, now, true));
            return;
        }
        // A user the realm's brute-force detection has locked gets the same answer as a wrong code.
        if (AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            form.setError(channel.messageKey(CodeMessage.INVALID));
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, step.page(form, Stage.CODE, destination, now));
            return;
        }
        Verdict verdict = step.check(user, destination, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            context.success();
            return;
        }
        Response page = step.rejectedPage(form, verdict, destination, now);
        if (verdict == Verdict.STALE) {
            context.challenge(page); // a code from an earlier message: a mix-up, not a failure
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
        CredentialProvider<?> provider = session.getProvider(CredentialProvider.class, credentialType());
        return provider instanceof org.keycloak.credential.CredentialInputValidator v
                && v.isConfiguredFor(realm, user, credentialType());
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        var authSession = session.getContext().getAuthenticationSession();
        if (!authSession.getRequiredActions().contains(setupActionId())) {
            authSession.addRequiredAction(setupActionId());
        }
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, setupActionId()));
    }

    @Override
    public void close() {
    }
}
