package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.Decision;
import dev.gatehouse.authenticators.mfa.MfaPolicy;

/**
 * Decides whether this sign-in needs a second factor and keeps the decision in the auth note
 * {@link #DECISION_NOTE}. When it does and the user has a second factor, it raises the level the client asked for
 * to at least 2, so the level-2 sub-flow after it runs: a client asking for level 1 (or for nothing) cannot lower
 * what the policy demands. A user without a second factor is left to the enrolment step.
 */
public class MfaPolicyAuthenticator extends MfaStep {

    /** {@code required:<reason>} or {@code optional:<reason>}. */
    public static final String DECISION_NOTE = "gatehouse-mfa-decision";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            context.success();
            return;
        }
        MfaPolicy policy = MfaPolicies.load(context.getSession(), context.getRealm());
        Decision decision = policy.decide(MfaUsers.signIn(user, context.getAuthenticationSession().getClient()));
        record(context.getAuthenticationSession(), decision);
        context.getEvent().detail(MfaEvents.REASON, decision.reason());
        if (decision.mfaRequired() && !decision.idpMfa() && MfaUsers.hasSecondFactor(user)) {
            raiseRequestedLevel(context.getAuthenticationSession(), 2);
        }
        context.success();
    }

    /** Stores a decision for the enrolment step (also used by the brokered sign-in step). */
    public static void record(AuthenticationSessionModel authSession, Decision decision) {
        authSession.setAuthNote(DECISION_NOTE, (decision.mfaRequired() ? "required:" : "optional:") + decision.reason());
    }

    /** Whether the decision recorded in this sign-in requires MFA; null when no policy step ran. */
    public static Boolean recordedRequired(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(DECISION_NOTE);
        return note == null ? null : note.startsWith("required:");
    }

    static void raiseRequestedLevel(AuthenticationSessionModel authSession, int level) {
        String asked = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
        int current;
        try {
            current = asked == null ? Constants.NO_LOA : Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            current = Constants.NO_LOA;
        }
        if (current < level) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(level));
        }
    }
}
