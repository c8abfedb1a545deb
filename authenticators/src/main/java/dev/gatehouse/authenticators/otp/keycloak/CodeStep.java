package dev.gatehouse.authenticators.otp.keycloak;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.otp.Challenge;
import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.SendBudget;
import dev.gatehouse.authenticators.otp.SendOutcome;
import dev.gatehouse.authenticators.otp.Stage;
import dev.gatehouse.authenticators.otp.Verdict;

/**
 * The one code step every channel and mode uses: send (once per code; again only on an explicit resend after
 * the cooldown), check, record events, and render the code page. Authenticators and the setup action
 * delegate to it and decide only what the flow does next; it never calls them back. Events carry the masked
 * destination, never the code.
 *
 * <p>Before authentication (passwordless) the request path does the same work whether or not the address
 * has an account: the same lookups, counters and derivation, one task enlisted after commit. That task, on
 * Keycloak's executor, writes the request's event and, only for a real account, sends the message.
 */
public final class CodeStep {

    public static final String EVENT = "gatehouse_otp_event";
    public static final String EVENT_CHANNEL = "gatehouse_otp_channel";
    public static final String EVENT_DESTINATION = "gatehouse_otp_destination";
    public static final String EVENT_OUTCOME = "gatehouse_otp_outcome";
    public static final String EVENT_BUDGET = "gatehouse_budget";
    public static final String ERROR_THROTTLED = "gatehouse_send_throttled";
    public static final String ERROR_SEND_FAILED = "gatehouse_send_failed";
    public static final String ERROR_CHECK_UNAVAILABLE = "gatehouse_check_unavailable";

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final EventBuilder event;
    private final CodeSession codes;
    private final CodeMode mode;
    private final CodeChannel channel;

    public CodeStep(KeycloakSession session, AuthenticationSessionModel authSession, EventBuilder event,
                    OtpPolicy policy, CodeMode mode, CodeChannel channel) {
        this.session = session;
        this.authSession = authSession;
        this.event = event;
        this.codes = new CodeSession(session, authSession, channel, mode, policy);
        this.mode = mode;
        this.channel = channel;
    }

    public OtpPolicy policy() {
        return codes.policy();
    }

    /** Whether this sign-in holds a live code for {@code destination}. */
    public boolean hasLiveCode(String destination, Instant now) {
        Challenge c = codes.current();
        return c != null && !c.expired(now) && c.sentTo(destination);
    }

    public void clear() {
        codes.clear();
    }

    /**
     * Makes sure this sign-in holds a live code for {@code destination} that was sent: a refresh or the back
     * button finds it and sends nothing; a second tab of the same user and destination within the cooldown
     * reuses the code just sent instead of issuing one that never arrives.
     *
     * @param user null for an address with no account (passwordless): the same work is done, nothing is sent
     */
    public SendOutcome ensureSent(UserModel user, String destination, Instant now) {
        return requested(user, destination, ensure(user, destination, now));
    }

    /** An explicit resend: the same code while it lives, once the cooldown has passed; a new one otherwise. */
    public SendOutcome resend(UserModel user, String destination, Instant now) {
        return requested(user, destination, again(user, destination, now));
    }

    /** What a send request did: the outcome, the budget that ran out, the code still to deliver after commit. */
    private record Attempt(SendOutcome outcome, SendBudget.Exhausted budget, String code) {
        static Attempt of(SendOutcome outcome) {
            return new Attempt(outcome, null, null);
        }
    }

    private Attempt ensure(UserModel user, String destination, Instant now) {
        if (hasLiveCode(destination, now)) {
            return Attempt.of(SendOutcome.ALREADY_SENT);
        }
        Challenge live = codes.recent(userKey(user, destination), destination)
                .reusable(now, policy().resendCooldown(), mode, codes.browserSession());
        if (live != null) {
            codes.save(live);
            return Attempt.of(SendOutcome.REUSED);
        }
        return sendNew(user, destination, now);
    }

    private Attempt again(UserModel user, String destination, Instant now) {
        Challenge c = codes.current();
        if (c == null || c.expired(now) || !c.sentTo(destination)) {
            return sendNew(user, destination, now);
        }
        if (!c.resendWait(now, policy().resendCooldown()).isZero()) {
            return Attempt.of(SendOutcome.WAIT);
        }
        Attempt refused = claimSend(user, c.destination(), now);
        if (refused != null) {
            return refused;
        }
        Challenge resent = c.resent(now);
        codes.save(resent);
        return deliver(user, resent, now);
    }

    private Attempt sendNew(UserModel user, String destination, Instant now) {
        codes.clear();
        if (!channel.available(authSession.getRealm())) {
            return Attempt.of(SendOutcome.UNAVAILABLE);
        }
        Attempt refused = claimSend(user, destination, now);
        if (refused != null) {
            return refused;
        }
        return deliver(user, codes.issue(destination, now), now);
    }

    /** The cooldown, then the budgets; null when the send may go, else what stopped it. */
    private Attempt claimSend(UserModel user, String destination, Instant now) {
        SendBudget budget = codes.budget();
        String realmId = authSession.getRealm().getId();
        if (!budget.claimCooldown(policy(), realmId, channel.id(), mode, destination)) {
            return Attempt.of(SendOutcome.RECENTLY_SENT);
        }
        String ip = session.getContext().getConnection().getRemoteAddr();
        SendBudget.Exhausted exhausted = budget.tryConsume(policy(), new SendBudget.Request(realmId, channel.id(), mode,
                userKey(user, destination), ip, codes.browserSession(), destination), now);
        if (exhausted == null) {
            return null;
        }
        if (mode.proven()) {
            notice(event.clone(), destination, user).detail(EVENT, "send_throttled").detail(EVENT_BUDGET, exhausted.id())
                    .error(ERROR_THROTTLED);
        }
        return new Attempt(SendOutcome.THROTTLED, exhausted, null);
    }

    /**
     * After a proven factor: now, so the page can tell a failure. Before authentication: after commit. The
     * challenge joins the recent ones (which other tabs reuse as "a code was sent moments ago") only once it was
     * sent, or, before authentication, when its sending is enlisted; a failed send is never offered. Remembering
     * first and forgetting on failure would write the same replicated key twice in one transaction, which
     * Infinispan refuses.
     */
    private Attempt deliver(UserModel user, Challenge c, Instant now) {
        String key = userKey(user, c.destination());
        String code = codes.code(c, key);
        if (!mode.proven()) {
            codes.remember(key, c, now);
            return new Attempt(SendOutcome.SENT, null, code);
        }
        RealmModel realm = authSession.getRealm();
        CodeChannel.Delivery d = channel.deliver(session, realm, user, c.destination(), code, policy(), mode);
        if (!d.sent()) {
            codes.clear();
            EventBuilder e = withDetails(notice(event.clone(), c.destination(), user), d);
            if (d.outcome() == SendOutcome.THROTTLED) {
                e.detail(EVENT, "send_throttled").error(ERROR_THROTTLED);
            } else {
                e.detail(EVENT, "send_failed").error(ERROR_SEND_FAILED);
            }
            return Attempt.of(d.outcome());
        }
        codes.remember(key, c, now);
        // The outcome as on a passwordless request's event, so one match (the code-send alert rule) counts both.
        notice(event.clone(), c.destination(), user).detail(EVENT, "code_sent").detail(EVENT_OUTCOME, SendOutcome.SENT.id()).success();
        return Attempt.of(SendOutcome.SENT);
    }

    private static EventBuilder withDetails(EventBuilder e, CodeChannel.Delivery d) {
        d.details().forEach(e::detail);
        return e;
    }

    /** Before authentication every request, whatever its outcome, goes through the same after-commit task. */
    private SendOutcome requested(UserModel user, String destination, Attempt a) {
        if (!mode.proven()) {
            afterCommit(user, destination, a.outcome(), a.budget(), a.code());
        }
        return a.outcome();
    }

    /**
     * Before authentication: one task after commit, on Keycloak's executor, in a session of its own. It records
     * the request (masked address, IP, outcome; "user_not_found" for an address without an account, which
     * only admins see) and, for an enabled account with a verified address that brute-force detection has not
     * locked, sends the code. The request itself does the same work whether or not the account exists.
     */
    private void afterCommit(UserModel user, String destination, SendOutcome outcome,
                             SendBudget.Exhausted budget, String code) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = authSession.getRealm().getId();
        String userId = user == null ? null : user.getId();
        String ip = session.getContext().getConnection().getRemoteAddr();
        String clientId = authSession.getClient() == null ? null : authSession.getClient().getClientId();
        OtpPolicy policy = policy();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(ExecutorsProvider.class).getExecutor("gatehouse-otp").execute(() ->
                        KeycloakModelUtils.runJobInTransaction(factory, s -> {
                            RealmModel realm = s.realms().getRealm(realmId);
                            if (realm == null) {
                                return;
                            }
                            s.getContext().setRealm(realm);
                            UserModel u = userId == null ? null : s.users().getUserById(realm, userId);
                            EventBuilder e = notice(new EventBuilder(realm, s).ipAddress(ip).client(clientId), destination, u)
                                    .detail(EVENT, "code_requested").detail(EVENT_OUTCOME, outcome.id());
                            if (budget != null) {
                                e.detail(EVENT_BUDGET, budget.id());
                            }
                            if (u == null) {
                                e.error(Errors.USER_NOT_FOUND);
                                return;
                            }
                            if (outcome == SendOutcome.THROTTLED || outcome == SendOutcome.UNAVAILABLE) {
                                e.error(outcome == SendOutcome.THROTTLED ? ERROR_THROTTLED : ERROR_SEND_FAILED);
                                return;
                            }
                            if (code != null && (!u.isEnabled() || !destination.equalsIgnoreCase(channel.verifiedDestination(u))
                                    || CodeFlows.locked(s, realm, u))) {
                                e.detail(EVENT_OUTCOME, "not_sent").error(Errors.USER_TEMPORARILY_DISABLED);
                                return;
                            }
                            if (code != null) {
                                CodeChannel.Delivery d = channel.deliver(s, realm, u, destination, code, policy, mode);
                                if (!d.sent()) {
                                    withDetails(e, d).detail(EVENT_OUTCOME, d.outcome().id()).error(
                                            d.outcome() == SendOutcome.THROTTLED ? ERROR_THROTTLED : ERROR_SEND_FAILED);
                                    return;
                                }
                            }
                            e.success();
                        }));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Checks a typed code; a used, void or expired code is removed from the session. */
    public Verdict check(UserModel user, String destination, String typed, Instant now) {
        Challenge c = codes.current();
        Verdict v = codes.check(typed, userKey(user, destination), destination, now);
        if (v == Verdict.ACCEPTED && user == null) {
            v = Verdict.REJECTED; // a lucky guess for an address with no account proves nothing
        }
        if (v == Verdict.ACCEPTED || v == Verdict.EXHAUSTED || v == Verdict.EXPIRED) {
            codes.clear();
        }
        if (c != null) {
            // On the flow's own event: a rejection becomes its LOGIN_ERROR, a success rides on its LOGIN.
            details(event, c.destination()).detail(EVENT, switch (v) {
                case ACCEPTED -> "code_verified";
                case EXPIRED -> "code_expired";
                case STALE -> "code_stale";
                case UNAVAILABLE -> "check_unavailable";
                default -> "code_rejected";
            });
            if (v == Verdict.ACCEPTED) {
                notice(event.clone(), c.destination(), user).detail(EVENT, "code_verified").success();
                channel.verified(c.destination());
            } else if (v == Verdict.UNAVAILABLE) {
                // Not the flow's LOGIN_ERROR (no wrong code); the service's reason, for the admin.
                EventBuilder e = notice(event.clone(), c.destination(), user).detail(EVENT, "check_unavailable");
                codes.unanswered().forEach(e::detail);
                e.error(ERROR_CHECK_UNAVAILABLE);
            }
        }
        return v;
    }

    /** The message a verdict other than ACCEPTED shows. */
    public CodeMessage messageFor(Verdict v) {
        return switch (v) {
            case EXPIRED, MISSING -> CodeMessage.EXPIRED;
            case EXHAUSTED -> CodeMessage.VOID;
            case STALE -> CodeMessage.STALE;
            case UNAVAILABLE -> CodeMessage.CHECK_UNAVAILABLE;
            default -> mode.proven() ? CodeMessage.INVALID_ATTEMPTS : CodeMessage.INVALID;
        };
    }

    /** The code page after a failed check, with the verdict's message. */
    public Response rejectedPage(LoginFormsProvider form, Verdict v, String destination, Instant now) {
        CodeMessage m = messageFor(v);
        if (m == CodeMessage.INVALID_ATTEMPTS) {
            Challenge c = codes.current();
            form.setError(channel.messageKey(m), c == null ? 0 : codes.attemptsLeft(c));
        } else {
            form.setError(channel.messageKey(m));
        }
        return page(form, Stage.CODE, destination, now);
    }

    private EventBuilder details(EventBuilder e, String destination) {
        return e.detail(EVENT_CHANNEL, channel.id()).detail(EVENT_DESTINATION, channel.mask(destination));
    }

    /**
     * A separate event for what the flow's own events don't cover (sent, throttled, verified, requested).
     * Keycloak has no custom event types; CUSTOM_REQUIRED_ACTION(_ERROR) with our id in its detail is the
     * closest fit.
     */
    private EventBuilder notice(EventBuilder fresh, String destination, UserModel user) {
        EventBuilder e = details(fresh, destination)
                .event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail("custom_required_action", "gatehouse-" + channel.id() + "-code-" + mode.id());
        return user == null ? e : e.user(user);
    }

    /**
     * Codes, counters and recent challenges of an address without account are keyed by the address, so an
     * unknown address costs the same work as a known one and its codes match no account's.
     */
    private static String userKey(UserModel user, String destination) {
        return user != null ? user.getId() : "-" + SendBudget.destinationKey(destination);
    }

    /** The code page; the stage says what it asks for. */
    public Response page(LoginFormsProvider form, Stage stage, String destination, Instant now) {
        return page(form, stage, destination, now, null);
    }

    private Response page(LoginFormsProvider form, Stage stage, String destination, Instant now, Long waitOverride) {
        Challenge c = codes.current();
        long resendIn = waitOverride != null ? waitOverride
                : c == null ? 0 : c.resendWait(now, policy().resendCooldown()).toSeconds();
        form.setAttribute("gatehouseCode", Map.of(
                "stage", stage.id(),
                "mode", mode.id(),
                "maskedAddress", destination == null ? "" : channel.mask(destination),
                "resendIn", resendIn,
                "delivered", c != null,
                "codeLength", policy().length(),
                "ttlMinutes", policy().ttl().toMinutes()));
        return form.createForm(channel.pageTemplate());
    }

    /**
     * The page after a send attempt: what actually happened, and the code input unless nothing can be sent
     * at all. Before authentication the words are the same whether or not the address has an account.
     */
    public Response sentPage(LoginFormsProvider form, SendOutcome sent, String destination, Instant now, boolean resend) {
        Challenge c = codes.current();
        long wait = c == null ? 0 : c.resendWait(now, policy().resendCooldown()).toSeconds();
        Long waitOverride = null;
        switch (sent) {
            case SENT, ALREADY_SENT -> {
                if (!mode.proven()) {
                    form.setInfo(channel.messageKey(CodeMessage.SENT_IF_ACCOUNT));
                } else if (resend && sent == SendOutcome.SENT) {
                    form.setInfo(channel.messageKey(CodeMessage.SENT_AGAIN));
                }
            }
            case REUSED -> form.setInfo(channel.messageKey(!mode.proven() ? CodeMessage.SENT_IF_ACCOUNT : CodeMessage.REUSED));
            case WAIT -> form.setError(channel.messageKey(CodeMessage.RESEND_WAIT), wait);
            case RECENTLY_SENT -> {
                form.setError(channel.messageKey(CodeMessage.RECENTLY_SENT));
                waitOverride = policy().resendCooldown().toSeconds();
            }
            case THROTTLED -> form.setError(channel.messageKey(CodeMessage.THROTTLED));
            case UNAVAILABLE -> form.setError(channel.messageKey(CodeMessage.UNAVAILABLE));
            case FAILED -> form.setError(channel.messageKey(CodeMessage.SEND_FAILED));
        }
        return page(form, sent == SendOutcome.UNAVAILABLE ? Stage.BLOCKED : Stage.CODE, destination, now, waitOverride);
    }
}
