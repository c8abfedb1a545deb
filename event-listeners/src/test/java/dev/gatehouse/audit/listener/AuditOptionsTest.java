package dev.gatehouse.audit.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.listener.AuditOptionsFuzzTest.MapScope;

/**
 * Bad values found by AuditOptionsFuzzTest (NEW-A1 … A3) stop the start with a message naming their option; before
 * the fix a bad key-name was blamed on the key file, and a bad origin or a huge retention started the listener
 * and then failed every checkpoint or prune.
 */
class AuditOptionsTest {

    static String refusal(String option, String value) {
        Map<String, String> values = new HashMap<>(Map.of("node-name", "node-1"));
        values.put(option, value);
        AuditEventListenerProviderFactory factory = new AuditEventListenerProviderFactory();
        try {
            return assertThrows(IllegalStateException.class, () -> factory.init(new MapScope(values))).getMessage();
        } finally {
            factory.close();
        }
    }

    @Test
    void aBlankOrSpacedKeyNameIsRefusedAsTheKeyName() {
        assertEquals("gatehouse-audit: key-name must be printable ASCII without spaces or '+', such as gatehouse-audit, not \"\"",
                refusal("key-name", ""));
        assertEquals("gatehouse-audit: key-name must be printable ASCII without spaces or '+', such as gatehouse-audit, not \"a+b\"",
                refusal("key-name", "a+b"));
    }

    @Test
    void anOriginNoCheckpointCanCarryIsRefusedAtStart() {
        assertEquals("gatehouse-audit: origin must be printable ASCII without spaces or '+', such as gatehouse/audit, not \"gatehouse/aud\nit\"",
                refusal("origin", "gatehouse/aud\nit"));
        assertEquals("gatehouse-audit: origin must be printable ASCII without spaces or '+', such as gatehouse/audit, not \"audit log\"",
                refusal("origin", "audit log"));
    }

    @Test
    void aRetentionBeyondAHundredYearsIsRefusedAtStart() {
        assertEquals("gatehouse-audit: retention must be positive and at most 100 years (P36500D), not P106751991167300D",
                refusal("retention", "P106751991167300D"));
        assertEquals("gatehouse-audit: retention must be positive and at most 100 years (P36500D), not P36501D",
                refusal("retention", "P36501D"));
    }
}
