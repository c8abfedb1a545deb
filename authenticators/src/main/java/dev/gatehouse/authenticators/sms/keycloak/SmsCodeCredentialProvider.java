package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.SendBudget;
import dev.gatehouse.authenticators.otp.keycloak.CodeCredentialProvider;

/**
 * Makes a verified phone number a credential: shown masked in the account console (change or remove it there)
 * and in the admin console. Each user also carries a lookup attribute, a hash of the realm and number, so "one
 * account per number" finds the other account with one indexed query; no user sees it (it is no user-profile
 * attribute), and it never holds the number in clear.
 */
public class SmsCodeCredentialProvider extends CodeCredentialProvider<SmsCodeCredentialModel> {

    /** The user attribute holding {@link #lookupKey}. */
    public static final String LOOKUP_ATTRIBUTE = "gatehouse-sms-number-lookup";

    private static final Labels LABELS = new Labels(SmsCodeCredentialModel.TYPE, "gatehouse-smsCodeDisplayName",
            "gatehouse-smsCodeHelpText", SmsCodeSetupActionFactory.PROVIDER_ID);

    public SmsCodeCredentialProvider(KeycloakSession session) {
        super(session, LABELS);
    }

    @Override
    public SmsCodeCredentialModel getCredentialFromModel(CredentialModel model) {
        return SmsCodeCredentialModel.from(model);
    }

    /** Records a verified number, replacing the user's previous one (a change of number). */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, SmsCodeCredentialModel credential) {
        CredentialModel created = super.createCredential(realm, user, credential);
        String number = credential.phoneNumber();
        if (number != null) {
            user.setSingleAttribute(LOOKUP_ATTRIBUTE, lookupKey(realm.getId(), number));
        }
        return created;
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        boolean removed = super.deleteCredential(realm, user, credentialId);
        if (removed && number(user) == null) {
            user.removeAttribute(LOOKUP_ATTRIBUTE);
        }
        return removed;
    }

    /** The user's verified number in E.164 form, or null. */
    public static String number(UserModel user) {
        return user == null ? null : user.credentialManager().getStoredCredentialsByTypeStream(SmsCodeCredentialModel.TYPE)
                .map(SmsCodeCredentialModel::from).map(SmsCodeCredentialModel::phoneNumber)
                .filter(n -> n != null).findFirst().orElse(null);
    }

    /**
     * Whether an account other than {@code user} has {@code e164} as its verified number. A lookup hit counts
     * only while that account still holds a credential with the number: an admin's delete bypasses this
     * provider and leaves the attribute behind.
     */
    public static boolean usedByAnother(KeycloakSession session, RealmModel realm, UserModel user, String e164) {
        return session.users().searchForUserByUserAttributeStream(realm, LOOKUP_ATTRIBUTE, lookupKey(realm.getId(), e164))
                .anyMatch(other -> !other.getId().equals(user.getId()) && e164.equals(number(other)));
    }

    /** SHA-256 of the realm id and the number: a stable key that doesn't hold the number in clear. */
    static String lookupKey(String realmId, String e164) {
        return SendBudget.sha256(realmId + "\n" + e164);
    }
}
