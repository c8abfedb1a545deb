package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.Set;

import dev.gatehouse.authenticators.mfa.BrokeredMfa;
import dev.gatehouse.authenticators.mfa.Decision;
import dev.gatehouse.authenticators.mfa.SignIn;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The MFA policy for a brokered sign-in, first step of the post-broker-login flow {@code gatehouse-post-broker}:
 * reads the upstream ID token's amr/acr, asks the policy, records the decision and the level reached without a
 * local factor (2 when the provider's MFA counts, else 1), and leaves the outcome for {@link BrokeredMfaCondition},
 * which guards the local second factor. Keycloak itself skips step-up for brokered sign-ins (its issue 25335):
 * here a client asking for level 2 gets the local factor unless the provider's MFA counts.
 */
public class BrokeredMfaAuthenticator extends MfaStep {

    /** Auth note: the {@link BrokeredMfa} name of this sign-in. */
    static final String OUTCOME_NOTE = "gatehouse-mfa-broker";

    private static final Logger LOG = Logger.getLogger(BrokeredMfaAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        BrokerUpstreamToken upstream = BrokerUpstreamToken.of(session, authSession);
        if (upstream == null) {
            // Not a post-broker-login flow: judge it as a local sign-in without a provider (towards asking).
            LOG.warnf("%s in realm %s runs outside a post-broker-login flow; judged without an identity provider",
                    BrokeredMfaAuthenticatorFactory.PROVIDER_ID, realm.getName());
            upstream = new BrokerUpstreamToken(null, Set.of(), null);
        }
        UserModel user = context.getUser();
        SignIn signIn = new SignIn(authSession.getClient().getClientId(), MfaUsers.roles(user), MfaUsers.groups(user),
                upstream.idpAlias(), upstream.amr(), upstream.acr());
        Decision decision = MfaPolicies.load(session, realm).decide(signIn);
        int requested = new AcrStore(session, authSession).getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        BrokeredMfa outcome = BrokeredMfa.of(decision, requested);

        // The enrolment step after the local factor reads the decision where the local policy step leaves it.
        MfaPolicyAuthenticator.record(authSession, decision);
        authSession.setAuthNote(OUTCOME_NOTE, outcome.name());
        MfaLevels.reached(session, authSession, outcome.level());
        LOG.debugf("brokered sign-in of %s via %s: amr %s, acr %s, requested level %d: %s (%s)", user.getId(),
                upstream.idpAlias(), upstream.amr(), upstream.acr(), requested, outcome, decision.reason());
        context.getEvent().user(user).detail(MfaEvents.MFA, outcome.event()).detail(MfaEvents.REASON, decision.reason());
        context.success();
    }

    @Override
    public boolean requiresUser() {
        // a post-broker-login flow always knows its user
        return true;
    }
}
