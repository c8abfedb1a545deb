package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.List;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialMetadata;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.DailyUsage;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentations;

/**
 * API keys in the consoles: listed under "Signing in" with their validity, last use and the last 30 days' uses;
 * "Set up" runs the required action {@code gatehouse-api-key}; removing one revokes it (a key is valid only while
 * its credential exists). Never an input credential: a key is presented to the grant or the validation endpoint,
 * not to a sign-in form, so {@link #isValid} and {@link #isConfiguredFor} are false.
 *
 * <p>The consoles remove a credential through the credential manager, not through {@link #deleteCredential}:
 * {@link ApiKeys} notices a missing credential itself (the key is refused and its row marked revoked).
 */
public class ApiKeyCredentialProvider implements CredentialProvider<ApiKeyCredentialModel>, CredentialInputValidator {

    /** The usage window the account console shows. */
    static final int USAGE_DAYS = 30;

    private final KeycloakSession session;

    public ApiKeyCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return ApiKeyCredentialModel.TYPE;
    }

    /** Keys are created by {@link ApiKeys#issue} only (it writes the row and the credential together). */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, ApiKeyCredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    /** Revokes: {@link ApiKeys} records the revocation when it next reads the key and finds no credential. */
    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public ApiKeyCredentialModel getCredentialFromModel(CredentialModel model) {
        return ApiKeyCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("gatehouse-apiKeyDisplayName")
                .helpText("gatehouse-apiKeyHelpText")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .createAction(ApiKeySettingsLoader.ACTION_ID)
                .removeable(true)
                .build(session);
    }

    /**
     * Valid until, last used, uses and refusals in the last 30 days, for one key (dates in UTC, locale-free);
     * an expired key also gets a warning. A credential whose row is gone (never expected) shows its label only.
     */
    @Override
    public CredentialMetadata getCredentialMetadata(ApiKeyCredentialModel credential, CredentialTypeMetadata type) {
        CredentialMetadata metadata = new CredentialMetadata();
        metadata.setCredentialModel(credential);
        ApiKeyCredentialModel.Data data = credential.data();
        RealmModel realm = session.getContext().getRealm();
        ApiKeys keys = ApiKeys.of(session);
        ApiKeyRecord key = data == null || data.keyId() == null || realm == null ? null : keys.get(realm, data.keyId());
        if (key == null) {
            return metadata;
        }
        List<DailyUsage> usage = keys.usage(key.id(), USAGE_DAYS);
        long uses = usage.stream().mapToLong(DailyUsage::uses).sum();
        long failures = usage.stream().mapToLong(DailyUsage::failures).sum();
        // Properties, not an info message: the account console interpolates {{0}}, the login theme {0}; a property
        // is a plain label beside its value.
        metadata.setInfoProperties(List.of(
                property("gatehouse-apiKey-validUntil", ApiKeyRepresentations.day(key.expiresAt())),
                property("gatehouse-apiKey-lastUsed", key.lastUsedAt() == null ? "-" : ApiKeyRepresentations.minute(key.lastUsedAt())),
                property("gatehouse-apiKey-usesRecent", Long.toString(uses)),
                property("gatehouse-apiKey-refusedRecent", Long.toString(failures))));
        if (key.expired(ApiKeys.now())) {
            metadata.setWarningMessageTitle("gatehouse-apiKey-expiredTitle");
            metadata.setWarningMessageDescription("gatehouse-apiKey-expiredText");
        }
        return metadata;
    }

    private static CredentialMetadata.LocalizedMessage property(String key, String value) {
        return new CredentialMetadata.LocalizedMessage(key, new Object[] {value});
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return false;
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }
}
