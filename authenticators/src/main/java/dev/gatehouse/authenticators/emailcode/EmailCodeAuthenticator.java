package dev.gatehouse.authenticators.emailcode;

import org.keycloak.authentication.CredentialValidator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.authenticators.otp.keycloak.CodeChannel;
import dev.gatehouse.authenticators.otp.keycloak.SecondFactorCodeAuthenticator;

/** Second factor: a one-time code sent to the user's verified email address. */
public class EmailCodeAuthenticator extends SecondFactorCodeAuthenticator implements CredentialValidator<EmailCodeCredentialProvider> {

    public EmailCodeAuthenticator() {
        super(EmailCodeCredentialModel.TYPE, EmailCodeSetupActionFactory.PROVIDER_ID, Errors.INVALID_EMAIL);
    }

    @Override
    protected CodeChannel channel(KeycloakSession session, RealmModel realm) {
        return EmailChannel.INSTANCE;
    }

    @Override
    public EmailCodeCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (EmailCodeCredentialProvider) session.getProvider(CredentialProvider.class, EmailCodeCredentialProviderFactory.PROVIDER_ID);
    }
}
