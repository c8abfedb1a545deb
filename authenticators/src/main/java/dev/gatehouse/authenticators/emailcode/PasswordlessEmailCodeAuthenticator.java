package dev.gatehouse.authenticators.emailcode;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.Verdict;

/**
 * First factor: "sign in with a code sent to your email". Whether or not an account uses the address, the
 * user sees the same pages and messages, and the response takes as long: a code is derived either way, mail
 * goes out after the response and only to an enabled account whose address is verified.
 */
public class PasswordlessEmailCodeAuthenticator implements Authenticator {

    static final String MODE = "passwordless";
    static final String ADDRESS_NOTE = "gatehouse-email-code.passwordless.address";
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s|]{1,64}@[^@\\s|]{1,190}");

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        EmailCodeStep step = EmailCodeAuthenticator.step(context, OtpPolicy.PASSWORDLESS, MODE);
        if (step == null) {
            return;
        }
        Instant now = EmailCodeAuthenticator.now();
        String address = context.getAuthenticationSession().getAuthNote(ADDRESS_NOTE);
        if (address != null && step.current() != null && !step.current().expired(now)) {
            context.challenge(step.page(context.form().setInfo("gatehouse-emailCodeSentIfAccount"), "code", address, now));
            return;
        }
        context.challenge(step.page(context.form(), "address", null, now));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        EmailCodeStep step = EmailCodeAuthenticator.step(context, OtpPolicy.PASSWORDLESS, MODE);
        if (step == null) {
            return;
        }
        Instant now = EmailCodeAuthenticator.now();
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        LoginFormsProvider form = context.form();
        String address = context.getAuthenticationSession().getAuthNote(ADDRESS_NOTE);

        if (input.containsKey("restart")) {
            step.clear();
            context.getAuthenticationSession().removeAuthNote(ADDRESS_NOTE);
            context.challenge(step.page(form, "address", null, now));
            return;
        }
        if (input.containsKey("email")) {
            String typed = input.getFirst("email") == null ? "" : input.getFirst("email").trim().toLowerCase(Locale.ROOT);
            if (!ADDRESS.matcher(typed).matches()) {
                form.setError("gatehouse-emailCodeInvalidAddress");
                context.challenge(step.page(form, "address", null, now));
                return;
            }
            context.getAuthenticationSession().setAuthNote(ADDRESS_NOTE, typed);
            EmailCodeStep.Sent sent = step.ensureSent(account(context, typed), typed, now);
            context.challenge(step.sentPage(form, sent, typed, now, false));
            return;
        }
        if (address == null) {
            context.challenge(step.page(form, "address", null, now));
            return;
        }
        UserModel user = account(context, address);
        if (input.containsKey("resend")) {
            context.challenge(step.resendPage(form, user, address, now));
            return;
        }
        Verdict verdict = step.check(user, input.getFirst("code"), now);
        if (verdict == Verdict.ACCEPTED) {
            context.getAuthenticationSession().removeAuthNote(ADDRESS_NOTE);
            context.setUser(user);
            context.getEvent().user(user).detail(Details.USERNAME, user.getUsername());
            context.success();
            return;
        }
        if (user != null) {
            context.getEvent().user(user);
            EmailCodeAuthenticator.countForBruteForce(context, user);
        }
        if (verdict == Verdict.EXPIRED || verdict == Verdict.MISSING) {
            context.getEvent().error(Errors.EXPIRED_CODE);
            form.setError("gatehouse-emailCodeExpired");
        } else {
            context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
            form.setError(verdict == Verdict.EXHAUSTED ? "gatehouse-emailCodeVoid" : "gatehouse-emailCodeInvalid");
        }
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, step.page(form, "code", address, now));
    }

    /** The account a code may sign in to: enabled, address verified, not locked by brute-force detection. */
    private static UserModel account(AuthenticationFlowContext context, String address) {
        UserModel user = context.getSession().users().getUserByEmail(context.getRealm(), address);
        if (user == null || !user.isEnabled() || !EmailCodeAuthenticator.hasVerifiedEmail(user)
                || AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            return null;
        }
        return user;
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
