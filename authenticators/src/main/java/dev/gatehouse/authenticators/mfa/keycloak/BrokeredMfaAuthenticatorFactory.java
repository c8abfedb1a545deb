package dev.gatehouse.authenticators.mfa.keycloak;


import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class BrokeredMfaAuthenticatorFactory extends MfaStepFactory {

    public static final String PROVIDER_ID = "gatehouse-mfa-broker";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: MFA policy for brokered sign-ins";
    }

    @Override
    public String getHelpText() {
        return "First step of a post-broker-login flow: applies the realm's MFA policy (the config of required action "
                + "gatehouse-mfa-enrol) to the sign-in, using the identity provider's trust setting and its ID token's "
                + "amr/acr, and records the level reached. Follow it with a sub-flow guarded by "
                + "'Gatehouse: Condition - local factor for a brokered sign-in'.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new BrokeredMfaAuthenticator();
    }
}
