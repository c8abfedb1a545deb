package dev.gatehouse.authenticators.trust.keycloak;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class TrustedDeviceCredentialProviderFactory implements CredentialProviderFactory<TrustedDeviceCredentialProvider> {

    public static final String PROVIDER_ID = TrustedDeviceCredentialModel.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider<TrustedDeviceCredentialModel> create(KeycloakSession session) {
        return new TrustedDeviceCredentialProvider(session);
    }
}
