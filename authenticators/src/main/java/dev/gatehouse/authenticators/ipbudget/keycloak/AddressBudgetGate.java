package dev.gatehouse.authenticators.ipbudget.keycloak;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;

import dev.gatehouse.authenticators.ipbudget.AddressBudget;
import dev.gatehouse.authenticators.ipbudget.AddressThrottle;
import dev.gatehouse.authenticators.mfa.keycloak.MfaEnrolActionFactory;
import dev.gatehouse.authenticators.mfa.keycloak.MfaPolicies;
import dev.gatehouse.authenticators.otp.keycloak.ReplicatedCounters;

/**
 * The address budget at a first factor: asked before a password or sign-in code is checked, told after one
 * failed. The client address is Keycloak's ({@code ClientConnection.getRemoteAddr()}): behind a reverse proxy it
 * is the proxy's unless Keycloak runs with {@code proxy-headers} set (docs/mfa-policy.md, "Address budget").
 */
public final class AddressBudgetGate {

    /** The page message; its one parameter is the wait in whole minutes. */
    public static final String MESSAGE = "gatehouse-ip-throttled";
    /** The error of the LOGIN_ERROR event of a refused attempt. */
    public static final String ERROR = "gatehouse_ip_throttled";
    /** The required action whose config holds the realm's policy options (lane mfapolicy's MfaPolicies reads it too). */
    static final String POLICY_ACTION = MfaEnrolActionFactory.PROVIDER_ID;

    private static final Logger LOG = Logger.getLogger(AddressBudgetGate.class);

    private final AuthenticationFlowContext context;
    private final AddressBudget budget;
    private final AddressThrottle throttle;

    private AddressBudgetGate(AuthenticationFlowContext context, AddressBudget budget) {
        this.context = context;
        this.budget = budget;
        this.throttle = new AddressThrottle(new ReplicatedCounters(context.getSession().singleUseObjects()));
    }

    public static AddressBudgetGate of(AuthenticationFlowContext context) {
        return new AddressBudgetGate(context, budget(context.getRealm()));
    }

    /** Null when the client's address may try a first factor now; otherwise how long it must wait. */
    public Duration refusal() {
        return throttle.refusal(budget, context.getRealm().getId(), address(), now());
    }

    /** Counts one failed first-factor attempt against the client's address. */
    public void countFailure() {
        throttle.countFailure(budget, context.getRealm().getId(), address(), now());
    }

    /**
     * Refuses the attempt: a LOGIN_ERROR event with error {@value #ERROR} and the page {@code page} draws on the
     * form, with the message, status 429 and a Retry-After header. Nothing here looks at the account, so the
     * answer is the same for every username, existing or not. A forced challenge rather than a failure one: a
     * failure would count against a user already known to the flow in brute-force detection.
     */
    public void refuse(Duration wait, Function<LoginFormsProvider, Response> page) {
        context.getEvent().error(ERROR);
        LoginFormsProvider form = context.form()
                .setStatus(Response.Status.TOO_MANY_REQUESTS)
                .setError(MESSAGE, AddressBudget.minutes(wait));
        Response drawn = page.apply(form);
        context.forceChallenge(Response.fromResponse(drawn).header(HttpHeaders.RETRY_AFTER, wait.toSeconds()).build());
    }

    /** The wait as the page message shows it, for a page that only informs (no attempt was made). */
    public static void inform(LoginFormsProvider form, Duration wait) {
        form.setError(MESSAGE, AddressBudget.minutes(wait));
    }

    private String address() {
        return context.getConnection().getRemoteAddr();
    }

    /** Keycloak's clock, so that its time offset applies. */
    private static Instant now() {
        return Instant.ofEpochSecond(Time.currentTime());
    }

    /** The realm's budget; a broken config is one log line and the defaults (a budget, never none). */
    static AddressBudget budget(RealmModel realm) {
        try {
            return AddressBudget.from(policyConfig(realm));
        } catch (IllegalArgumentException e) {
            LOG.warnf("realm %s, required action %s config: %s; using the default address budget", realm.getName(),
                    POLICY_ACTION, e.getMessage());
            return AddressBudget.from(Map.of());
        }
    }

    /** The realm's policy config, where the budget's options live beside the MFA policy's. */
    static Map<String, String> policyConfig(RealmModel realm) {
        return MfaPolicies.config(realm);
    }
}
