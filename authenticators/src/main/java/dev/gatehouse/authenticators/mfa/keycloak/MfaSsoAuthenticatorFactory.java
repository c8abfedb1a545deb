package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;

public class MfaSsoAuthenticatorFactory extends MfaStepFactory {

    public static final String PROVIDER_ID = "gatehouse-mfa-sso";

    /** An alternative before the cookie: REQUIRED would make Keycloak skip the alternatives beside it. */
    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};

    private final MfaSsoAuthenticator authenticator = new MfaSsoAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: MFA policy for SSO sign-ins";
    }

    @Override
    public String getHelpText() {
        return "ALTERNATIVE, right before the cookie step: when the realm's MFA policy requires a second factor for "
                + "this client and the SSO session's user, asks for level 2, so the cookie steps up to the forms "
                + "instead of answering at level 1. Shows nothing.";
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }
}
