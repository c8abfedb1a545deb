package dev.gatehouse.authenticators.mfa.keycloak;

import dev.gatehouse.authenticators.mfa.BrokeredMfa;
import org.keycloak.authentication.AuthenticationFlowCallback;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;

/**
 * Matches when the brokered sign-in needs the local second factor ({@link BrokeredMfaAuthenticator}'s outcome).
 * When the sub-flow it guards succeeds, Keycloak calls {@link #onParentFlowSuccess} (as it does for its own level
 * condition): the local factor was proven, so the sign-in reached level 2.
 */
public class BrokeredMfaCondition extends MfaStep implements ConditionalAuthenticator, AuthenticationFlowCallback {

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        BrokeredMfa outcome = BrokeredMfa.parse(context.getAuthenticationSession().getAuthNote(BrokeredMfaAuthenticator.OUTCOME_NOTE));
        // Without the broker step before it (a misbuilt flow), fail towards asking.
        return outcome == null || outcome.localFactor();
    }

    @Override
    public void onParentFlowSuccess(AuthenticationFlowContext context) {
        MfaLevels.reached(context.getSession(), context.getAuthenticationSession(), 2);
    }
}
