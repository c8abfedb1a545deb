package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class MfaEnrolmentAuthenticatorFactory extends MfaStepFactory {

    public static final String PROVIDER_ID = "gatehouse-mfa-enrolment";

    private final MfaEnrolmentAuthenticator authenticator = new MfaEnrolmentAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Enforce enrolment";
    }

    @Override
    public String getHelpText() {
        return "After the level sub-flows, before the level check: a user the MFA policy requires a second factor "
                + "of, who has none, is asked to choose and set one up (\"Set up later\" while the grace lasts).";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }
}
