package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.Decision;

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
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Decision decision = MfaStepUp.decideAndRaise(context.getSession(), context.getRealm(), authSession,
                MfaUsers.signIn(user, authSession.getClient()), MfaUsers.hasSecondFactor(user));
        record(authSession, decision);
        context.getEvent().detail(MfaEvents.REASON, decision.reason());
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
}
