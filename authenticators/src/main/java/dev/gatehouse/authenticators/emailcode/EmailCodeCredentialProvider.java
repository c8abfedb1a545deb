package dev.gatehouse.authenticators.emailcode;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Makes email codes a credential: listed under "Signing in" in the account console, removable there. */
public class EmailCodeCredentialProvider implements CredentialProvider<EmailCodeCredentialModel>, CredentialInputValidator {

    private final KeycloakSession session;

    public EmailCodeCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return EmailCodeCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, EmailCodeCredentialModel credential) {
        // One opt-in per user: setting up again replaces it.
        user.credentialManager().getStoredCredentialsByTypeStream(getType()).toList()
                .forEach(c -> user.credentialManager().removeStoredCredentialById(c.getId()));
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public EmailCodeCredentialModel getCredentialFromModel(CredentialModel model) {
        return EmailCodeCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("gatehouse-emailCodeDisplayName")
                .helpText("gatehouse-emailCodeHelpText")
                .iconCssClass("kcAuthenticatorOTPClass")
                .createAction(EmailCodeSetupActionFactory.PROVIDER_ID)
                .removeable(true)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType)
                && user.credentialManager().getStoredCredentialsByTypeStream(getType()).findAny().isPresent();
    }

    /** Codes are checked by the authenticator against the sign-in's challenge, never as a stored secret. */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }
}
