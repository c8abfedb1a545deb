package dev.gatehouse.authenticators.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FactorTest {

    @Test
    void theStepsThatProveAFactor() {
        assertEquals(Factor.TOTP, Factor.provenBy("auth-otp-form"));
        assertEquals(Factor.PASSKEY, Factor.provenBy("webauthn-authenticator-passwordless"));
        assertEquals(Factor.SMS, Factor.provenBy("gatehouse-sms-code"));
        assertEquals(Factor.EMAIL, Factor.provenBy("gatehouse-email-code"));
        assertEquals(Factor.EMAIL, Factor.provenBy("gatehouse-email-code-passwordless"), "the passwordless first factor too");
        assertNull(Factor.provenBy("auth-password-form"), "a password is no second factor");
        assertNull(Factor.provenBy(null));
    }
}
