package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class SmsCodeCredentialProviderFactory implements CredentialProviderFactory<SmsCodeCredentialProvider> {

    public static final String PROVIDER_ID = SmsCodeCredentialModel.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider<SmsCodeCredentialModel> create(KeycloakSession session) {
        return new SmsCodeCredentialProvider(session);
    }
}
