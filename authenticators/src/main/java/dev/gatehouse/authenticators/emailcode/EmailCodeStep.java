package dev.gatehouse.authenticators.emailcode;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.otp.Challenge;
import dev.gatehouse.authenticators.otp.CodeSession;
import dev.gatehouse.authenticators.otp.Masking;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.SendBudget;
import dev.gatehouse.authenticators.otp.Verdict;

/**
 * The email-code step shared by the second factor, passwordless sign-in and the setup action: send (once per
 * code, again only on an explicit resend after the cooldown), check, and render the code page. Events carry
 * the masked address, never the code.
 */
final class EmailCodeStep {

    static final String CHANNEL = "email";
    static final String TEMPLATE = "gatehouse-email-code.ftl";

    static final String EVENT = "gatehouse_otp_event";
    static final String EVENT_CHANNEL = "gatehouse_otp_channel";
    static final String EVENT_DESTINATION = "gatehouse_otp_destination";
    static final String ERROR_THROTTLED = "gatehouse_send_throttled";
    static final String ERROR_SEND_FAILED = "gatehouse_send_failed";

    /** What a send attempt did; the page shows it. */
    enum Sent { SENT, ALREADY_SENT, WAIT, RECENTLY_SENT, THROTTLED, NO_SMTP, FAILED }

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final EventBuilder event;
    private final CodeSession codes;
    private final String mode;
    private final boolean deferDelivery;

    /**
     * @param deferDelivery send after the response, on another thread, so that the response takes as long
     *                      whether or not the address has an account (passwordless: no enumeration by timing)
     */
    EmailCodeStep(KeycloakSession session, AuthenticationSessionModel authSession, EventBuilder event,
                  OtpPolicy policy, String mode, boolean deferDelivery) {
        this.session = session;
        this.authSession = authSession;
        this.event = event;
        this.codes = new CodeSession(session, authSession, CHANNEL, mode, policy);
        this.mode = mode;
        this.deferDelivery = deferDelivery;
    }

    OtpPolicy policy() {
        return codes.policy();
    }

    Challenge current() {
        return codes.current();
    }

    void clear() {
        codes.clear();
    }

    /**
     * Makes sure a live code exists for {@code address} and was sent: a refresh, the back button or a second
     * tab finds the live challenge and sends nothing.
     *
     * @param user null for an address with no account (passwordless): budgets are spent, nothing is sent
     */
    Sent ensureSent(UserModel user, String address, Instant now) {
        Challenge c = codes.current();
        if (c != null && !c.expired(now) && c.destination().equalsIgnoreCase(address)) {
            return Sent.ALREADY_SENT;
        }
        return sendNew(user, address, now);
    }

    /** An explicit resend: the same code while it lives, once the cooldown has passed; a new one otherwise. */
    Sent resend(UserModel user, String address, Instant now) {
        Challenge c = codes.current();
        if (c == null || c.expired(now) || !c.destination().equalsIgnoreCase(address)) {
            return sendNew(user, address, now);
        }
        if (!c.resendWait(now, policy().resendCooldown()).isZero()) {
            return Sent.WAIT;
        }
        Sent sent = deliver(user, c, now);
        if (sent == Sent.SENT) {
            codes.save(c.resent(now));
        }
        return sent;
    }

    private Sent sendNew(UserModel user, String address, Instant now) {
        if (!EmailCodeMailer.smtpConfigured(authSession.getRealm())) {
            EmailCodeMailer.logNoSmtp(authSession.getRealm());
            return Sent.NO_SMTP;
        }
        Challenge c = codes.issue(address, now);
        return deliver(user, c, now);
    }

    private Sent deliver(UserModel user, Challenge c, Instant now) {
        if (!codes.claimCooldown(c.destination())) {
            return Sent.RECENTLY_SENT;
        }
        String ip = session.getContext().getConnection().getRemoteAddr();
        SendBudget.Exhausted exhausted = codes.consumeSend(user == null ? null : user.getId(), ip, c.destination(), now);
        if (exhausted != null) {
            notice(c, user).detail(EVENT, "send_throttled").detail("gatehouse_budget", exhausted.name().toLowerCase(java.util.Locale.ROOT))
                    .error(ERROR_THROTTLED);
            return Sent.THROTTLED;
        }
        String code = codes.code(c, userKey(user));
        if (user == null) {
            return Sent.SENT; // nobody to send to; the page must not tell
        }
        if (deferDelivery) {
            EmailCodeMailer.sendAfterCommit(session, authSession.getRealm(), user, code, policy().ttl().toMinutes(), mode);
            notice(c, user).detail(EVENT, "code_sent").success();
            return Sent.SENT;
        }
        EmailCodeMailer.Result r = EmailCodeMailer.send(session, authSession.getRealm(), user, code,
                policy().ttl().toMinutes(), mode);
        if (r != EmailCodeMailer.Result.SENT) {
            notice(c, user).error(ERROR_SEND_FAILED);
            return r == EmailCodeMailer.Result.NO_SMTP ? Sent.NO_SMTP : Sent.FAILED;
        }
        notice(c, user).detail(EVENT, "code_sent").success();
        return Sent.SENT;
    }

    /** Checks a typed code; a used, void or expired code is removed from the session. */
    Verdict check(UserModel user, String typed, Instant now) {
        Challenge c = codes.current();
        Verdict v = codes.check(typed, userKey(user), now);
        if (v == Verdict.ACCEPTED && user == null) {
            v = Verdict.REJECTED; // a lucky guess for an address with no account proves nothing
        }
        if (v == Verdict.ACCEPTED || v == Verdict.EXHAUSTED || v == Verdict.EXPIRED) {
            codes.clear();
        }
        if (c != null) {
            // On the flow's own event: a rejection becomes its LOGIN_ERROR, a success rides on its LOGIN.
            details(event, c).detail(EVENT, switch (v) {
                case ACCEPTED -> "code_verified";
                case EXPIRED -> "code_expired";
                default -> "code_rejected";
            });
            if (v == Verdict.ACCEPTED) {
                notice(c, user).detail(EVENT, "code_verified").success();
            }
        }
        return v;
    }

    int attemptsLeft() {
        Challenge c = codes.current();
        return c == null ? 0 : codes.attemptsLeft(c);
    }

    private static EventBuilder details(EventBuilder e, Challenge c) {
        return e.detail(EVENT_CHANNEL, CHANNEL).detail(EVENT_DESTINATION, Masking.email(c.destination()));
    }

    /**
     * A separate event for what the flow's own events don't cover (sent, throttled, verified). Keycloak has no
     * custom event types; CUSTOM_REQUIRED_ACTION(_ERROR) with our id in its detail is the closest fit.
     */
    private EventBuilder notice(Challenge c, UserModel user) {
        EventBuilder e = details(event.clone().event(EventType.CUSTOM_REQUIRED_ACTION), c)
                .detail("custom_required_action", "gatehouse-email-code-" + mode);
        return user == null ? e : e.user(user);
    }

    /** Codes of unknown addresses are bound to a key no account has. */
    private static String userKey(UserModel user) {
        return user == null ? "-" : user.getId();
    }

    /** The code page; {@code stage} is "code", "address" (passwordless) or "blocked" (no input possible). */
    Response page(LoginFormsProvider form, String stage, String address, Instant now) {
        Challenge c = codes.current();
        long resendIn = c == null ? 0 : c.resendWait(now, policy().resendCooldown()).toSeconds();
        form.setAttribute("gatehouseCode", Map.of(
                "stage", stage,
                "mode", mode,
                "maskedAddress", address == null ? "" : Masking.email(address),
                "resendIn", resendIn,
                "codeLength", policy().length(),
                "ttlMinutes", policy().ttl().toMinutes()));
        return form.createForm(TEMPLATE);
    }

    /** Handles the resend button: the same code after the cooldown, a message either way, the code page. */
    Response resendPage(LoginFormsProvider form, UserModel user, String address, Instant now) {
        return sentPage(form, resend(user, address, now), address, now, true);
    }

    /**
     * The page after a send attempt: its message, and the code input unless nothing can be sent at all.
     * Passwordless says the same words whether or not the address has an account.
     */
    Response sentPage(LoginFormsProvider form, Sent sent, String address, Instant now, boolean resend) {
        Challenge c = codes.current();
        long wait = c == null ? 0 : c.resendWait(now, policy().resendCooldown()).toSeconds();
        boolean passwordless = mode.equals(PasswordlessEmailCodeAuthenticator.MODE);
        switch (sent) {
            case SENT, ALREADY_SENT -> {
                if (passwordless) {
                    form.setInfo("gatehouse-emailCodeSentIfAccount");
                } else if (resend && sent == Sent.SENT) {
                    form.setInfo("gatehouse-emailCodeSentAgain");
                }
            }
            case WAIT -> form.setError("gatehouse-emailCodeResendWait", wait);
            case RECENTLY_SENT -> form.setError("gatehouse-emailCodeRecentlySent");
            case THROTTLED -> form.setError("gatehouse-emailCodeThrottled");
            case NO_SMTP -> form.setError("gatehouse-emailCodeNoSmtp");
            case FAILED -> form.setError("gatehouse-emailCodeSendFailed");
        }
        return page(form, sent == Sent.NO_SMTP ? "blocked" : "code", address, now);
    }
}
