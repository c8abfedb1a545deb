package dev.gatehouse.authenticators.emailcode;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class EmailCodeCredentialProviderFactory implements CredentialProviderFactory<EmailCodeCredentialProvider> {

    public static final String PROVIDER_ID = "gatehouse-email-code";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider<EmailCodeCredentialModel> create(KeycloakSession session) {
        return new EmailCodeCredentialProvider(session);
    }
}
