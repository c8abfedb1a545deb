package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.authentication.CredentialValidator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.authenticators.otp.keycloak.CodeChannel;
import dev.gatehouse.authenticators.otp.keycloak.SecondFactorCodeAuthenticator;

/** Second factor: a one-time code sent by SMS to the user's verified number. */
public class SmsCodeAuthenticator extends SecondFactorCodeAuthenticator implements CredentialValidator<SmsCodeCredentialProvider> {

    @Override
    protected CodeChannel channel(KeycloakSession session, RealmModel realm) {
        return SmsChannel.of(session, realm);
    }

    @Override
    protected String credentialType() {
        return SmsCodeCredentialModel.TYPE;
    }

    @Override
    protected String setupActionId() {
        return SmsCodeSetupActionFactory.PROVIDER_ID;
    }

    @Override
    protected String noDestinationError() {
        return Errors.INVALID_USER_CREDENTIALS;
    }

    @Override
    public SmsCodeCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (SmsCodeCredentialProvider) session.getProvider(CredentialProvider.class, SmsCodeCredentialProviderFactory.PROVIDER_ID);
    }
}
