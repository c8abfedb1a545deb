package dev.gatehouse.authenticators.trust.keycloak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Base64Url;
import org.keycloak.credential.CredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.authenticators.otp.keycloak.CodeCredentialProvider;
import dev.gatehouse.authenticators.trust.DeviceRecord;
import dev.gatehouse.authenticators.trust.TrustOption;

class TrustedDeviceCredentialModelTest {

    static final Instant CREATED = Instant.parse("2026-11-30T10:15:30.123Z");
    static final byte[] HASH = new byte[32];
    static final byte[] PREVIOUS = new byte[32];

    static {
        HASH[0] = 1;
        PREVIOUS[0] = 2;
    }

    static DeviceRecord record(byte[] previous) {
        return new DeviceRecord("Chrome on Linux", CREATED, CREATED.plusSeconds(30 * 86400), CREATED.plusSeconds(60),
                "chrome", "203.0.113.0/24", "kid-1", "factors-digest", HASH, previous);
    }

    @Test
    void aDeviceSurvivesTheRoundTripThroughTheStoredCredential() {
        TrustedDeviceCredentialModel m = TrustedDeviceCredentialModel.create("device-1", record(PREVIOUS));
        assertEquals("device-1", m.getId());
        assertEquals(TrustedDeviceCredentialModel.TYPE, m.getType());
        DeviceRecord back = TrustedDeviceCredentialModel.from(CodeCredentialProvider.copy(m, new CredentialModel())).record();
        assertEquals(record(PREVIOUS).name(), back.name());
        assertEquals(CREATED, back.created());
        assertEquals(record(PREVIOUS).expires(), back.expires());
        assertEquals(record(PREVIOUS).lastUsed(), back.lastUsed());
        assertEquals("chrome", back.userAgentFamily());
        assertEquals("203.0.113.0/24", back.network());
        assertEquals("kid-1", back.keyId());
        assertEquals("factors-digest", back.factors());
        assertArrayEquals(HASH, back.hash());
        assertArrayEquals(PREVIOUS, back.previousHash());
    }

    @Test
    void aNewDeviceHasNoPreviousHashAndUnboundOnesStoreNoBinding() {
        DeviceRecord unbound = new DeviceRecord("Firefox on Windows", CREATED, CREATED.plusSeconds(86400), CREATED,
                null, null, "kid-1", "f", HASH, null);
        DeviceRecord back = TrustedDeviceCredentialModel.create("d", unbound).record();
        assertNull(back.previousHash());
        assertNull(back.userAgentFamily());
        assertNull(back.network());
    }

    @Test
    void hashesStayInTheSecretDataOnly() {
        TrustedDeviceCredentialModel m = TrustedDeviceCredentialModel.create("d", record(PREVIOUS));
        assertFalse(m.getCredentialData().contains(Base64Url.encode(HASH)), m.getCredentialData());
        assertFalse(m.getCredentialData().contains("hash"), m.getCredentialData());
        assertTrue(m.getSecretData().contains(Base64Url.encode(HASH)));
        assertTrue(m.getUserLabel().startsWith("Chrome on Linux"), m.getUserLabel());
    }

    @Test
    void dataThatIsNotADevicesIsRefusedAsAValue() {
        for (String[] data : new String[][] {{"{}", "{}"}, {"not json", "{}"}, {null, null},
                {"{\"expires\":\"yesterday\"}", "{\"hash\":\"AQ\"}"}}) {
            CredentialModel c = new CredentialModel();
            c.setType(TrustedDeviceCredentialModel.TYPE);
            c.setCreatedDate(CREATED.toEpochMilli());
            c.setCredentialData(data[0]);
            c.setSecretData(data[1]);
            assertThrows(IllegalArgumentException.class, () -> TrustedDeviceCredentialModel.from(c).record(), String.join(" / ", String.valueOf(data[0])));
        }
    }

    @Test
    void eachTargetShowsExactlyItsOptions() {
        for (TrustOption.Target target : TrustOption.Target.values()) {
            List<String> shown = TrustConfigProperties.of(target).stream().map(ProviderConfigProperty::getName).toList();
            List<String> declared = java.util.Arrays.stream(TrustOption.values()).filter(o -> o.target() == target)
                    .map(TrustOption::key).toList();
            assertEquals(declared, shown, target.name());
        }
        ProviderConfigProperty match = TrustConfigProperties.of(TrustOption.Target.CONDITION).get(0);
        assertEquals(List.of("not-trusted", "trusted"), match.getOptions());
    }
}
