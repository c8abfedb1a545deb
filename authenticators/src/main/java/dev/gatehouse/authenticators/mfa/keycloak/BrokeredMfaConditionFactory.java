package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.AuthenticationFlowCallbackFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;

/** A callback factory too, so Keycloak tells the condition when the sub-flow it guards succeeded. */
public class BrokeredMfaConditionFactory extends MfaStepFactory implements ConditionalAuthenticatorFactory, AuthenticationFlowCallbackFactory {

    public static final String PROVIDER_ID = "gatehouse-condition-mfa-broker";

    private final BrokeredMfaCondition condition = new BrokeredMfaCondition();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Condition - local factor for a brokered sign-in";
    }

    @Override
    public String getHelpText() {
        return "Matches when 'Gatehouse: MFA policy for brokered sign-ins' found that this sign-in needs the local "
                + "second factor; when the guarded sub-flow succeeds, the sign-in reaches level 2.";
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return condition;
    }
}
