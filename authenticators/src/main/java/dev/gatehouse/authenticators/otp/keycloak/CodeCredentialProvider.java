package dev.gatehouse.authenticators.otp.keycloak;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A user's opt-in to codes on one channel as a credential: listed under "Signing in" in the account console
 * (set up with the channel's required action, removable there) and in the admin console. One per user.
 */
public abstract class CodeCredentialProvider<T extends CredentialModel> implements CredentialProvider<T>, CredentialInputValidator {

    /** The localized texts and the setup action of a channel's credential. */
    public record Labels(String type, String displayNameKey, String helpTextKey, String setupActionId) {
    }

    protected final KeycloakSession session;
    private final Labels labels;

    protected CodeCredentialProvider(KeycloakSession session, Labels labels) {
        this.session = session;
        this.labels = labels;
    }

    @Override
    public String getType() {
        return labels.type();
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, T credential) {
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
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(labels.displayNameKey())
                .helpText(labels.helpTextKey())
                .iconCssClass("kcAuthenticatorOTPClass")
                .createAction(labels.setupActionId())
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
