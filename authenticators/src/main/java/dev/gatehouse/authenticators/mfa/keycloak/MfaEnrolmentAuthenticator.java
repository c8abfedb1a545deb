package dev.gatehouse.authenticators.mfa.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.mfa.MfaPolicy;

/**
 * Makes a user whom the policy requires a second factor of, and who has none, choose and set one up: adds the
 * required action {@code gatehouse-mfa-enrol} to this sign-in. While the grace lasts the choice offers "Set up
 * later" and the sign-in stays at level 1. Without grace, or when the client demands level 2 or more (essential
 * acr), enrolment is enforced and counts as level 2, as Keycloak counts a required factor set up during sign-in:
 * the sign-in cannot finish without it.
 */
public class MfaEnrolmentAuthenticator extends MfaStep {

    private static final Logger LOG = Logger.getLogger(MfaEnrolmentAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        if (user == null || acr.getLevelOfAuthenticationFromCurrentAuthentication() >= 2
                || MfaUsers.hasSecondFactor(user)) {
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
        RealmModel realm = context.getRealm();
        if (!MfaPolicies.enabled(realm, MfaEnrolActionFactory.PROVIDER_ID) || MfaPolicies.offered(policy, realm).isEmpty()) {
            // Nothing to enrol with: the sign-in goes on at its level (an essential level 2 is then refused).
            LOG.warnf("realm %s: the MFA policy requires a second factor, but %s", realm.getName(),
                    MfaPolicies.enabled(realm, MfaEnrolActionFactory.PROVIDER_ID)
                            ? "none of its factors has an enabled setup action"
                            : "the required action " + MfaEnrolActionFactory.PROVIDER_ID + " is disabled");
            context.success();
            return;
        }
        authSession.addRequiredAction(MfaEnrolActionFactory.PROVIDER_ID);
        boolean demanded = acr.isLevelOfAuthenticationForced()
                && acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow()) >= 2;
        boolean enforced = demanded || !policy.grace().open(MfaUsers.postponed(user), MfaUsers.today());
        if (enforced) {
            authSession.setAuthNote(MfaEnrolAction.ENFORCED_NOTE, demanded ? "essential-acr" : "grace-over");
            acr.setLevelAuthenticated(2);
        }
        context.getEvent().detail("gatehouse_mfa", enforced ? "enrol-enforced" : "enrol-offered");
        context.success();
    }
}
