package dev.gatehouse.authenticators.sms.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SmsCodeCredentialTest {

    @Test
    void numberIsReadFromTheCredentialData() {
        assertEquals("+4915112345678", SmsCodeCredentialModel.phoneNumber("{\"phoneNumber\":\"+4915112345678\"}"));
    }

    @Test
    void dataWithoutAValidNumberHasNone() {
        for (String data : new String[] {null, "", "{}", "not json", "{\"phoneNumber\":\"015112345678\"}",
                "{\"phoneNumber\":\"+49 151\"}", "{\"phoneNumber\":42}"}) {
            assertNull(SmsCodeCredentialModel.phoneNumber(data), data);
        }
    }

    @Test
    void lookupKeyHidesTheNumberAndDependsOnTheRealm() {
        String a = SmsCodeCredentialProvider.lookupKey("realm-a", "+4915112345678");
        assertEquals(a, SmsCodeCredentialProvider.lookupKey("realm-a", "+4915112345678"));
        assertNotEquals(a, SmsCodeCredentialProvider.lookupKey("realm-b", "+4915112345678"));
        assertFalse(a.contains("15112345678"));
        assertEquals(64, a.length());
    }
}
