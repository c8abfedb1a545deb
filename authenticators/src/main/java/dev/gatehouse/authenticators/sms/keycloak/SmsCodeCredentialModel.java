package dev.gatehouse.authenticators.sms.keycloak;

import java.io.IOException;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.authenticators.otp.Masking;

/**
 * A user's verified phone number for SMS codes. It holds no secret (codes are per sign-in and never stored);
 * the credential data holds the number in E.164 form, the label shows it masked.
 */
public class SmsCodeCredentialModel extends CredentialModel {

    public static final String TYPE = "gatehouse-sms-code";

    /** The credential data. */
    public record Data(String phoneNumber) {
    }

    public static SmsCodeCredentialModel create(String e164) {
        SmsCodeCredentialModel m = new SmsCodeCredentialModel();
        m.setType(TYPE);
        m.setUserLabel(Masking.phone(e164));
        m.setCreatedDate(Time.currentTimeMillis());
        m.setSecretData("{}");
        try {
            m.setCredentialData(JsonSerialization.writeValueAsString(new Data(e164)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    public static SmsCodeCredentialModel from(CredentialModel model) {
        SmsCodeCredentialModel m = new SmsCodeCredentialModel();
        m.setId(model.getId());
        m.setType(model.getType());
        m.setUserLabel(model.getUserLabel());
        m.setCreatedDate(model.getCreatedDate());
        m.setSecretData(model.getSecretData());
        m.setCredentialData(model.getCredentialData());
        return m;
    }

    /** The number in E.164 form, or null when the data holds none (a credential an admin imported by hand). */
    public String phoneNumber() {
        return phoneNumber(getCredentialData());
    }

    static String phoneNumber(String credentialData) {
        if (credentialData == null || credentialData.isBlank()) {
            return null;
        }
        try {
            Data d = JsonSerialization.readValue(credentialData, Data.class);
            return d == null || d.phoneNumber() == null || !d.phoneNumber().matches("\\+[1-9][0-9]{6,14}")
                    ? null : d.phoneNumber();
        } catch (IOException e) {
            return null;
        }
    }
}
