package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class MfaPolicyAuthenticatorFactory extends MfaStepFactory {

    public static final String PROVIDER_ID = "gatehouse-mfa-policy";

    private final MfaPolicyAuthenticator authenticator = new MfaPolicyAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: MFA policy";
    }

    @Override
    public String getHelpText() {
        return "Between level 1 and level 2: decides with the realm's MFA policy (required action "
                + "\"Gatehouse: Set up a second factor\") whether this sign-in needs a second factor, and asks for "
                + "level 2 when it does and the user has one.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }
}
