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

    @Override
    protected CodeChannel channel(KeycloakSession session, RealmModel realm) {
        return EmailChannel.INSTANCE;
    }

    @Override
    protected String credentialType() {
        return EmailCodeCredentialModel.TYPE;
    }

    @Override
    protected String setupActionId() {
        return EmailCodeSetupActionFactory.PROVIDER_ID;
    }

    @Override
    protected String noDestinationError() {
        return Errors.INVALID_EMAIL;
    }

    @Override
    public EmailCodeCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (EmailCodeCredentialProvider) session.getProvider(CredentialProvider.class, EmailCodeCredentialProviderFactory.PROVIDER_ID);
    }
}
