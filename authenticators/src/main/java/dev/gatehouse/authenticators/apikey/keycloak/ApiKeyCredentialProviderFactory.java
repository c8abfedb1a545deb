package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class ApiKeyCredentialProviderFactory implements CredentialProviderFactory<ApiKeyCredentialProvider> {

    public static final String PROVIDER_ID = ApiKeyCredentialModel.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider<ApiKeyCredentialModel> create(KeycloakSession session) {
        return new ApiKeyCredentialProvider(session);
    }
}
