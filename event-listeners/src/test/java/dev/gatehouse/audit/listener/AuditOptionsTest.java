package dev.gatehouse.audit.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
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

    @Test
    void aProofBackfillStepOutsideItsBoundsIsRefusedAtStart() {
        assertEquals("gatehouse-audit: proof-backfill-step must be a number of leaves from 256 to 1048576, not 255",
                refusal("proof-backfill-step", "255"));
        assertEquals("gatehouse-audit: proof-backfill-step must be a number of leaves from 256 to 1048576, not 0",
                refusal("proof-backfill-step", "0"));
        assertEquals("gatehouse-audit: proof-backfill-step must be a number of leaves from 256 to 1048576, not 1048577",
                refusal("proof-backfill-step", "1048577"));
    }

    @Test
    void aProofBackfillStepWithinItsBoundsStarts() {
        for (String step : List.of("256", "1000", "65536", "1048576")) {
            AuditEventListenerProviderFactory factory = new AuditEventListenerProviderFactory();
            try {
                factory.init(new MapScope(Map.of("node-name", "node-1", "proof-backfill-step", step)));
            } finally {
                factory.close();
            }
        }
    }
}
