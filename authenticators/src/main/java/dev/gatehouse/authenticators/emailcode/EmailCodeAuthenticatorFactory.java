package dev.gatehouse.authenticators.emailcode;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.authenticators.otp.keycloak.CodeAuthenticatorFactory;
import dev.gatehouse.authenticators.otp.OtpPolicy;

public class EmailCodeAuthenticatorFactory extends CodeAuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-email-code";

    public EmailCodeAuthenticatorFactory() {
        super(OtpPolicy.SECOND_FACTOR);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Email code";
    }

    @Override
    public String getHelpText() {
        return "Second factor: sends a one-time code to the user's verified email address. Users set it up with "
                + "the 'Gatehouse: Set up email codes' required action.";
    }

    @Override
    public String getReferenceCategory() {
        return EmailCodeCredentialModel.TYPE;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new EmailCodeAuthenticator();
    }
}
