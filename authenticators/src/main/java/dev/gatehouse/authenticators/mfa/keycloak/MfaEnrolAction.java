package dev.gatehouse.authenticators.mfa.keycloak;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.Enrolment;
import dev.gatehouse.authenticators.mfa.Factor;
import dev.gatehouse.authenticators.mfa.MfaPolicy;

/**
 * The factor choice: lists the policy's factors the realm can set up, and adds the chosen factor's setup action
 * (then Keycloak's recovery codes) to the sign-in. While the grace lasts it also offers "Set up later", counted
 * per sign-in in the user attribute {@link MfaUsers#POSTPONED}.
 *
 * <p>A factor chosen during sign-in counts as level 2 for this sign-in, as Keycloak counts a required factor the
 * user is made to set up: the sign-in cannot finish without completing its setup.
 */
public class MfaEnrolAction implements RequiredActionProvider {

    /** Auth note set by the enrolment step when enrolment may not be postponed in this sign-in. */
    public static final String ENFORCED_NOTE = "gatehouse-mfa-enforced";
    /** Auth note set by the enrolment step when it added this action to the sign-in with grace left. */
    public static final String POSTPONABLE_NOTE = "gatehouse-mfa-postponable";
    static final String RECOVERY_CODES_ACTION = UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES.name();

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // added by the enrolment step (gatehouse-mfa-enrolment), by an admin, or asked for with kc_action
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!initiated(context) && MfaUsers.hasSecondFactor(context.getUser())) {
            // Enrolled meanwhile (e.g. a setup action of higher priority ran first): nothing left to choose.
            context.success();
            return;
        }
        context.challenge(page(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MfaPolicy policy = MfaPolicies.load(context.getSession(), context.getRealm());
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();
        if (input.containsKey("later")) {
            if (!laterOffered(context, policy)) {
                context.challenge(page(context, "gatehouse-mfa-noMoreLater"));
                return;
            }
            MfaUsers.postpone(user);
            event(context).detail(MfaEvents.MFA, "postponed")
                    .detail(MfaEvents.POSTPONED, Integer.toString(MfaUsers.postponed(user))).success();
            context.success();
            return;
        }
        Factor factor = Factor.of(input.getFirst("factor"));
        if (factor == null || !MfaPolicies.offered(policy, context.getRealm(), user).contains(factor)) {
            context.challenge(page(context, "gatehouse-mfa-chooseFactor"));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.addRequiredAction(factor.setupAction());
        boolean recoveryCodes = policy.recoveryCodes() && !MfaUsers.hasRecoveryCodes(user)
                && MfaPolicies.enabled(context.getRealm(), RECOVERY_CODES_ACTION);
        if (recoveryCodes) {
            authSession.addRequiredAction(RECOVERY_CODES_ACTION);
        }
        if (!initiated(context)) {
            MfaLevels.reached(context.getSession(), authSession, 2);
        }
        event(context).detail(MfaEvents.MFA, "enrol-chosen").detail(MfaEvents.FACTOR, factor.id())
                .detail(MfaEvents.RECOVERY_CODES, Boolean.toString(recoveryCodes)).success();
        context.success();
    }

    /** "Later": the rule is {@link Enrolment#laterOffered}; here only the facts of this sign-in. */
    private static boolean laterOffered(RequiredActionContext context, MfaPolicy policy) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        return Enrolment.laterOffered(initiated(context),
                authSession.getAuthNote(POSTPONABLE_NOTE) != null && authSession.getAuthNote(ENFORCED_NOTE) == null,
                user.getRequiredActionsStream().anyMatch(MfaEnrolActionFactory.PROVIDER_ID::equals),
                policy.grace(), MfaUsers.postponed(user), MfaUsers.today());
    }

    /**
     * Asked for by the application or the account console (kc_action) and not enforced: Keycloak offers its own
     * cancel then. Keycloak's own test (its login forms' {@code isAppInitiatedAction}): the action being executed
     * is this one and Keycloak has not marked it enforced (it does when the user must do it anyway, e.g. an admin
     * set it), so an enforced kc_action still counts as level 2 and never offers "later".
     */
    private static boolean initiated(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return MfaEnrolActionFactory.PROVIDER_ID.equals(authSession.getClientNote(Constants.KC_ACTION_EXECUTING))
                && !Boolean.TRUE.toString().equals(authSession.getClientNote(Constants.KC_ACTION_ENFORCED));
    }

    private static Response page(RequiredActionContext context, String error) {
        MfaPolicy policy = MfaPolicies.load(context.getSession(), context.getRealm());
        List<Map<String, String>> factors = new ArrayList<>();
        for (Factor f : MfaPolicies.offered(policy, context.getRealm(), context.getUser())) {
            factors.add(Map.of("id", f.id(), "label", label(f), "help", help(f)));
        }
        boolean later = laterOffered(context, policy);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("factors", factors);
        model.put("later", later);
        int remaining = policy.grace().remainingSignIns(MfaUsers.postponed(context.getUser()));
        model.put("remaining", remaining);
        LocalDate until = Enrolment.untilShown(later, policy.grace(), MfaUsers.postponed(context.getUser()));
        model.put("until", until == null ? "" : until.toString());
        var form = context.form().setAttribute("gatehouseMfa", model);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm("gatehouse-mfa-choice.ftl");
    }

    private static String label(Factor f) {
        return switch (f) {
            case TOTP -> "gatehouse-mfa-factor-totp";
            case PASSKEY -> "gatehouse-mfa-factor-passkey";
            case SMS -> "gatehouse-mfa-factor-sms";
            case EMAIL -> "gatehouse-mfa-factor-email";
        };
    }

    private static String help(Factor f) {
        return switch (f) {
            case TOTP -> "gatehouse-mfa-factor-totp-help";
            case PASSKEY -> "gatehouse-mfa-factor-passkey-help";
            case SMS -> "gatehouse-mfa-factor-sms-help";
            case EMAIL -> "gatehouse-mfa-factor-email-help";
        };
    }

    private static org.keycloak.events.EventBuilder event(RequiredActionContext context) {
        return context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, MfaEnrolActionFactory.PROVIDER_ID);
    }

    @Override
    public void close() {
    }
}
