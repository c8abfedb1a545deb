package dev.gatehouse.authenticators.mfa.keycloak;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.Enrolment;
import dev.gatehouse.authenticators.mfa.MfaPolicy;

/**
 * Makes a user whom the policy requires a second factor of, and who has none, choose and set one up: adds the
 * required action {@code gatehouse-mfa-enrol} to this sign-in. While the grace lasts the choice offers "Set up
 * later" and the sign-in stays at level 1. Without grace, or when the client demands level 2 or more (essential
 * acr), enrolment is enforced and counts as level 2, as Keycloak counts a required factor set up during sign-in:
 * the sign-in cannot finish without it.
 *
 * <p>It fails closed: when MFA is required and the sign-in stays below level 2, a user who has a second factor is
 * refused (the level-2 sub-flow was skipped), and so is a user without one when the realm can't enrol anybody.
 */
public class MfaEnrolmentAuthenticator extends MfaStep {

    private static final Logger LOG = Logger.getLogger(MfaEnrolmentAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        if (user == null || acr.getLevelOfAuthenticationFromCurrentAuthentication() >= 2) {
            context.success();
            return;
        }
        MfaPolicy policy = MfaPolicies.load(context.getSession(), context.getRealm());
        Boolean required = MfaPolicyAuthenticator.recordedRequired(authSession);
        if (required == null) {
            // No policy step before this one (a flow built without it): decide here.
            var decision = policy.decide(MfaUsers.signIn(user, authSession.getClient()));
            MfaPolicyAuthenticator.record(authSession, decision);
            required = decision.mfaRequired();
        }
        if (!required) {
            context.success();
            return;
        }
        if (MfaUsers.hasSecondFactor(user)) {
            if (MfaUsers.hasUnprovenSecondFactor(user, context.getRealm(), authSession)) {
                // The policy raised the requested level, yet the level-2 sub-flow did not run to its end (one of
                // its conditions failed, e.g. "password available" for a user without a password at the
                // passwordless flow). Fail closed: a factor the user has is never left unasked.
                refuse(context, "level-2-not-reached", "gatehouse-mfa-secondFactorNotAsked");
                return;
            }
            // One factor only (e.g. the email code the user just signed in with, no password): nothing left to
            // ask, and nothing to enrol; the sign-in stays at level 1 (a client demanding level 2 refuses it).
            context.success();
            return;
        }
        RealmModel realm = context.getRealm();
        if (!MfaPolicies.enabled(realm, MfaEnrolActionFactory.PROVIDER_ID) || MfaPolicies.offered(policy, realm, user).isEmpty()) {
            // Nothing to enrol with: fail closed, and tell the admin what to switch on.
            LOG.warnf("realm %s: the MFA policy requires a second factor, but %s; sign-ins of users without one are refused",
                    realm.getName(), MfaPolicies.enabled(realm, MfaEnrolActionFactory.PROVIDER_ID)
                            ? "none of its factors can be set up by this user (setup actions disabled, or email codes and no address)"
                            : "the required action " + MfaEnrolActionFactory.PROVIDER_ID + " is disabled");
            refuse(context, "enrolment-unavailable", "gatehouse-mfa-enrolmentUnavailable");
            return;
        }
        authSession.addRequiredAction(MfaEnrolActionFactory.PROVIDER_ID);
        boolean demanded = acr.isLevelOfAuthenticationForced()
                && acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow()) >= 2;
        Enrolment.Enforced enforced = Enrolment.enforced(demanded, policy.grace(), MfaUsers.postponed(user), MfaUsers.today());
        if (enforced != Enrolment.Enforced.NO) {
            authSession.setAuthNote(MfaEnrolAction.ENFORCED_NOTE, enforced.note());
            MfaLevels.reached(context.getSession(), authSession, 2);
        } else {
            authSession.setAuthNote(MfaEnrolAction.POSTPONABLE_NOTE, "grace");
        }
        context.getEvent().detail(MfaEvents.MFA, enforced != Enrolment.Enforced.NO ? "enrol-enforced" : "enrol-offered");
        context.success();
    }

    /**
     * Ends the sign-in with a page and a {@code LOGIN_ERROR} event, as the level check does: inside the
     * ALTERNATIVE forms sub-flow an exception would be swallowed into "unexpected error" without an event.
     */
    private static void refuse(AuthenticationFlowContext context, String why, String message) {
        context.getEvent().user(context.getUser()).detail(MfaEvents.MFA, why).error(MfaEvents.REFUSED);
        Response page = context.form().setError(message).createErrorPage(Response.Status.FORBIDDEN);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, page);
    }
}
