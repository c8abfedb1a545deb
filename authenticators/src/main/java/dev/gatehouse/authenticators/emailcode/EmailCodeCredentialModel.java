package dev.gatehouse.authenticators.emailcode;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;

import dev.gatehouse.authenticators.otp.Masking;
import dev.gatehouse.authenticators.otp.keycloak.CodeCredentialProvider;

/**
 * A user's opt-in to email codes. It holds no secret: codes are per sign-in and never stored; the label
 * shows which address was verified at setup.
 */
public class EmailCodeCredentialModel extends CredentialModel {

    public static final String TYPE = "gatehouse-email-code";

    public static EmailCodeCredentialModel create(String verifiedAddress) {
        EmailCodeCredentialModel m = new EmailCodeCredentialModel();
        m.setType(TYPE);
        m.setUserLabel(Masking.email(verifiedAddress));
        m.setCreatedDate(Time.currentTimeMillis());
        m.setSecretData("{}");
        m.setCredentialData("{}");
        return m;
    }

    public static EmailCodeCredentialModel from(CredentialModel model) {
        return CodeCredentialProvider.copy(model, new EmailCodeCredentialModel());
    }
}
