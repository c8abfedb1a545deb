package dev.gatehouse.authenticators.emailcode;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.ipbudget.keycloak.AddressBudgetGate;
import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.SendOutcome;
import dev.gatehouse.authenticators.otp.Stage;
import dev.gatehouse.authenticators.otp.Verdict;
import dev.gatehouse.authenticators.otp.keycloak.CodeFlows;
import dev.gatehouse.authenticators.otp.keycloak.CodeStep;

/**
 * First factor: "sign in with a code sent to your email". Whether or not an account uses the address, the
 * user sees the same pages and messages and the request does the same work; the code step records every
 * request for admins and sends mail after the response, only to an enabled account whose address is verified.
 */
public class PasswordlessEmailCodeAuthenticator implements Authenticator {

    static final String ADDRESS_NOTE = "gatehouse-email-code.passwordless.address";
    private static final EmailChannel CHANNEL = EmailChannel.INSTANCE;
    /** One '@', no whitespace and no control characters (they would reach pages, events and mail headers). */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,190}");

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        CodeStep step = step(context);
        if (step == null) {
            return;
        }
        Instant now = CodeFlows.now();
        String address = context.getAuthenticationSession().getAuthNote(ADDRESS_NOTE);
        if (address != null && step.hasLiveCode(address, now)) {
            context.challenge(step.sentPage(context.form(), SendOutcome.ALREADY_SENT, address, now, false));
            return;
        }
        context.challenge(step.page(context.form(), Stage.ADDRESS, null, now));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        CodeStep step = step(context);
        if (step == null) {
            return;
        }
        Instant now = CodeFlows.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        String address = context.getAuthenticationSession().getAuthNote(ADDRESS_NOTE);

        if (input.containsKey("restart")) {
            step.clear();
            context.getAuthenticationSession().removeAuthNote(ADDRESS_NOTE);
            context.challenge(step.page(form, Stage.ADDRESS, null, now));
            return;
        }
        if (input.containsKey("email")) {
            String typed = input.getFirst("email") == null ? "" : input.getFirst("email").trim().toLowerCase(Locale.ROOT);
            if (!ADDRESS.matcher(typed).matches()) {
                form.setError(CHANNEL.messageKey(CodeMessage.INVALID_ADDRESS));
                context.challenge(step.page(form, Stage.ADDRESS, null, now));
                return;
            }
            context.getAuthenticationSession().setAuthNote(ADDRESS_NOTE, typed);
            SendOutcome sent = step.ensureSent(recipient(context, typed), typed, now);
            context.challenge(step.sentPage(form, sent, typed, now, false));
            return;
        }
        if (address == null) {
            context.challenge(step.page(form, Stage.ADDRESS, null, now));
            return;
        }
        if (input.containsKey("resend")) {
            SendOutcome sent = step.resend(recipient(context, address), address, now);
            context.challenge(step.sentPage(form, sent, address, now, true));
            return;
        }
        // The address budget is asked before the code is checked and told of every wrong guess, for known and
        // unknown addresses alike (both get a code page and a code check).
        AddressBudgetGate budget = AddressBudgetGate.of(context);
        Duration wait = budget.refusal();
        if (wait != null) {
            budget.refuse(wait, page -> step.page(page, Stage.CODE, address, now));
            return;
        }
        UserModel user = account(context, address);
        Verdict verdict = step.check(user, address, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            context.getAuthenticationSession().removeAuthNote(ADDRESS_NOTE);
            context.setUser(user);
            context.getEvent().user(user).detail(Details.USERNAME, user.getUsername());
            context.success();
            return;
        }
        if (!verdict.failure()) {
            context.challenge(step.rejectedPage(form, verdict, address, now));
            return;
        }
        if (verdict.guess()) {
            budget.countFailure();
        }
        if (user != null) {
            context.getEvent().user(user);
            if (verdict.guess()) {
                CodeFlows.countFailure(context, user);
            }
        }
        context.getEvent().error(verdict.guess() ? Errors.INVALID_USER_CREDENTIALS : Errors.EXPIRED_CODE);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, step.rejectedPage(form, verdict, address, now));
    }

    private static CodeStep step(AuthenticationFlowContext context) {
        return CodeFlows.step(context, OtpPolicy.PASSWORDLESS, CodeMode.PASSWORDLESS, CHANNEL);
    }

    /**
     * Who a send request is for: the enabled account with this verified address, or null. Only in-memory checks
     * of the looked-up user here, so both answers cost the request the same; the lockout check happens where
     * the mail is sent, after the response.
     */
    private static UserModel recipient(AuthenticationFlowContext context, String address) {
        UserModel user = context.getSession().users().getUserByEmail(context.getRealm(), address);
        return user != null && user.isEnabled() && address.equalsIgnoreCase(CHANNEL.verifiedDestination(user)) ? user : null;
    }

    /** The account a code may sign in to: a recipient that brute-force detection has not locked. */
    private static UserModel account(AuthenticationFlowContext context, String address) {
        UserModel user = recipient(context, address);
        return user == null || CodeFlows.locked(context.getSession(), context.getRealm(), user) ? null : user;
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
