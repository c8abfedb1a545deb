package dev.gatehouse.authenticators.sms.keycloak;

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

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.SendOutcome;
import dev.gatehouse.authenticators.otp.Stage;
import dev.gatehouse.authenticators.otp.Verdict;
import dev.gatehouse.authenticators.otp.keycloak.CodeFlows;
import dev.gatehouse.authenticators.otp.keycloak.CodeStep;
import dev.gatehouse.authenticators.sms.PhoneNumbers;

/**
 * Enrols a phone number: the user types it (checked against the realm's number policy), proves they receive
 * SMS there with a code (same budgets and wrong-code counting as at sign-in), and only then is it recorded,
 * replacing any earlier number.
 *
 * <p>With "one account per number", a number another account uses behaves exactly like a free one until the
 * code is verified (the code is sent either way); only the person who proved they hold the number learns it
 * can't be used. So nobody can probe which numbers have accounts.
 */
public class SmsCodeSetupAction implements RequiredActionProvider, CredentialRegistrator {

    static final String NUMBER_NOTE = "gatehouse-sms-code.setup.number";
    static final String ERROR_NUMBER_TAKEN = "gatehouse_sms_number_taken";

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return SmsCodeCredentialModel.TYPE;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        SmsChannel channel = SmsChannel.of(context.getSession(), context.getRealm());
        CodeStep step = step(context, channel);
        Instant now = CodeFlows.now();
        LoginFormsProvider form = context.form();
        if (!channel.available(context.getRealm())) {
            form.setError(channel.messageKey(CodeMessage.UNAVAILABLE));
            context.challenge(step.page(form, Stage.BLOCKED, null, now));
            return;
        }
        String number = context.getAuthenticationSession().getAuthNote(NUMBER_NOTE);
        if (number != null && step.hasLiveCode(number, now)) {
            context.challenge(step.sentPage(form, SendOutcome.ALREADY_SENT, number, now, false));
            return;
        }
        context.challenge(step.page(form, Stage.ADDRESS, null, now));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        SmsChannel channel = SmsChannel.of(context.getSession(), context.getRealm());
        if (!channel.available(context.getRealm())) {
            requiredActionChallenge(context);
            return;
        }
        UserModel user = context.getUser();
        CodeStep step = step(context, channel);
        Instant now = CodeFlows.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String number = authSession.getAuthNote(NUMBER_NOTE);

        if (input.containsKey("change")) {
            step.clear();
            authSession.removeAuthNote(NUMBER_NOTE);
            context.challenge(step.page(form, Stage.ADDRESS, null, now));
            return;
        }
        if (input.containsKey("phone")) {
            PhoneNumbers.Checked checked = new PhoneNumbers(channel.settings()).check(input.getFirst("phone"));
            if (!checked.ok()) {
                context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL_ERROR)
                        .detail("credential_type", SmsCodeCredentialModel.TYPE)
                        .detail(SmsChannel.EVENT_REFUSAL, SmsChannel.id(checked.refusal()))
                        .error(Errors.INVALID_INPUT);
                form.setError(SmsChannel.refusalKey(checked.refusal()));
                context.challenge(step.page(form, Stage.ADDRESS, null, now));
                return;
            }
            if (!checked.e164().equals(number)) {
                step.clear();
            }
            authSession.setAuthNote(NUMBER_NOTE, checked.e164());
            context.challenge(step.sentPage(form, step.ensureSent(user, checked.e164(), now), checked.e164(), now, false));
            return;
        }
        if (number == null) {
            context.challenge(step.page(form, Stage.ADDRESS, null, now));
            return;
        }
        if (input.containsKey("resend")) {
            context.challenge(step.sentPage(form, step.resend(user, number, now), number, now, true));
            return;
        }
        // As at sign-in: a user locked by brute-force detection gets the same answer as a wrong code.
        if (CodeFlows.locked(context.getSession(), context.getRealm(), user)) {
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL_ERROR)
                    .detail("credential_type", SmsCodeCredentialModel.TYPE).error(Errors.USER_TEMPORARILY_DISABLED);
            form.setError(channel.messageKey(CodeMessage.INVALID));
            context.challenge(step.page(form, Stage.CODE, number, now));
            return;
        }
        Verdict verdict = step.check(user, number, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            authSession.removeAuthNote(NUMBER_NOTE);
            enrol(context, channel, step, user, number, now);
            return;
        }
        if (verdict != Verdict.STALE) {
            if (verdict.guess()) {
                CodeFlows.countFailure(context.getSession(), context.getRealm(), user);
            }
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL_ERROR)
                    .detail("credential_type", SmsCodeCredentialModel.TYPE)
                    .error(verdict.guess() ? Errors.INVALID_USER_CREDENTIALS : Errors.EXPIRED_CODE);
        }
        context.challenge(step.rejectedPage(form, verdict, number, now));
    }

    /** After the code proved the number: record it, unless another account holds it and the realm forbids sharing. */
    private static void enrol(RequiredActionContext context, SmsChannel channel, CodeStep step, UserModel user,
                              String number, Instant now) {
        KeycloakSession session = context.getSession();
        if (channel.settings().oneAccountPerNumber()
                && SmsCodeCredentialProvider.usedByAnother(session, context.getRealm(), user, number)) {
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL_ERROR)
                    .detail("credential_type", SmsCodeCredentialModel.TYPE)
                    .detail(CodeStep.EVENT_DESTINATION, channel.mask(number))
                    .error(ERROR_NUMBER_TAKEN);
            LoginFormsProvider form = context.form().setError("gatehouse-smsCodeNumberTaken");
            context.challenge(step.page(form, Stage.ADDRESS, null, now));
            return;
        }
        SmsCodeCredentialProvider provider = (SmsCodeCredentialProvider) session
                .getProvider(CredentialProvider.class, SmsCodeCredentialProviderFactory.PROVIDER_ID);
        provider.createCredential(context.getRealm(), user, SmsCodeCredentialModel.create(number));
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail("credential_type", SmsCodeCredentialModel.TYPE)
                .detail(CodeStep.EVENT_DESTINATION, channel.mask(number)).success();
        context.success();
    }

    private static CodeStep step(RequiredActionContext context, SmsChannel channel) {
        return new CodeStep(context.getSession(), context.getAuthenticationSession(), context.getEvent(),
                OtpPolicy.SECOND_FACTOR, CodeMode.SETUP, channel);
    }

    @Override
    public void close() {
    }
}
