package dev.gatehouse.authenticators.mfa;

import java.util.Locale;

/**
 * A second factor a user can enrol, with the required action that sets it up and the credential types that show
 * it is set up. Levels: every factor gives level 2; a passkey also gives level 3 (phishing-resistant).
 */
public enum Factor {
    TOTP("CONFIGURE_TOTP", "otp"),
    PASSKEY("webauthn-register-passwordless", "webauthn-passwordless"),
    SMS("gatehouse-sms-code-setup", "gatehouse-sms-code"),
    EMAIL("gatehouse-email-code-setup", "gatehouse-email-code");

    private final String setupAction;
    private final String credentialType;

    Factor(String setupAction, String credentialType) {
        this.setupAction = setupAction;
        this.credentialType = credentialType;
    }

    /** The option value and form value: totp, passkey, sms, email. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String setupAction() {
        return setupAction;
    }

    public String credentialType() {
        return credentialType;
    }

    /**
     * The factor a completed step of this authenticator id proves (Keycloak's and ours), or null: the email code
     * proves email whether asked as a second factor or as the passwordless first one.
     */
    public static Factor provenBy(String authenticatorId) {
        if (authenticatorId == null) {
            return null;
        }
        return switch (authenticatorId) {
            case "auth-otp-form" -> TOTP;
            case "webauthn-authenticator-passwordless" -> PASSKEY;
            case "gatehouse-sms-code" -> SMS;
            case "gatehouse-email-code", "gatehouse-email-code-passwordless" -> EMAIL;
            default -> null;
        };
    }

    /** The factor named by an option or form value, or null. */
    public static Factor of(String id) {
        for (Factor f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }
}
