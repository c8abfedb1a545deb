package dev.gatehouse.authenticators.emailcode;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.authenticators.otp.keycloak.CodeAuthenticatorFactory;
import dev.gatehouse.authenticators.otp.OtpPolicy;

public class PasswordlessEmailCodeAuthenticatorFactory extends CodeAuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-email-code-passwordless";

    public PasswordlessEmailCodeAuthenticatorFactory() {
        super(OtpPolicy.PASSWORDLESS);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Sign in with an email code";
    }

    @Override
    public String getHelpText() {
        return "First factor without a password: the user types an email address and signs in with the code sent "
                + "to it. Same pages and timing whether or not an account exists; mail goes only to enabled "
                + "accounts with a verified address.";
    }

    /** A first factor proves no stored credential of the user's. */
    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PasswordlessEmailCodeAuthenticator();
    }
}
