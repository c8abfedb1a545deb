package dev.gatehouse.audit.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.store.AuditRecordEntity;

/** The JSON contract of GET records: the record's own field names, seq always present, empty fields left out. */
class AuditRecordRepresentationTest {

    static Map<?, ?> json(AuditRecordEntity e) throws Exception {
        return JsonSerialization.readValue(JsonSerialization.writeValueAsString(AuditAdminResource.representation(e)), Map.class);
    }

    @Test
    void anUnsealedRecordHasSeqNullAndItsPayloadFields() throws Exception {
        AuditRecordEntity e = new AuditRecordEntity();
        e.setPayload("{\"client\":\"app\",\"details\":{\"username\":\"bob\"},\"error\":null,\"id\":\"e1\",\"kind\":\"user\","
                + "\"time\":1700000000000,\"type\":\"LOGIN\",\"user\":\"u1\"}");
        Map<?, ?> v = json(e);
        assertTrue(v.containsKey("seq"), "seq is always there: null until sealed");
        assertNull(v.get("seq"));
        assertEquals("app", v.get("client"));
        assertEquals(Map.of("username", "bob"), v.get("details"));
        assertEquals(1_700_000_000_000L, ((Number) v.get("time")).longValue());
        assertFalse(v.containsKey("error"), "empty fields are left out");
        assertFalse(v.containsKey("operation"));
    }

    @Test
    void aSealedAdminRecordKeepsItsLineFieldNames() throws Exception {
        AuditRecordEntity e = new AuditRecordEntity();
        e.setLine("{\"authClient\":\"admin-cli\",\"authUser\":\"a1\",\"kind\":\"admin\",\"operation\":\"UPDATE\",\"prev\":\"AAAA\","
                + "\"resourcePath\":\"users/x\",\"seq\":2,\"time\":1000}");
        e.setPayload("{}");
        Map<?, ?> v = json(e);
        assertEquals(2, ((Number) v.get("seq")).intValue());
        assertEquals("AAAA", v.get("prev"));
        assertEquals("UPDATE", v.get("operation"));
        assertEquals("a1", v.get("authUser"));
        assertEquals("users/x", v.get("resourcePath"));
    }

    @Test
    void aPrunedRecordIsSeqTimeAndPruned() throws Exception {
        AuditRecordEntity e = new AuditRecordEntity();
        e.setSeq(7L);
        e.setCreated(5000);
        assertEquals(Map.of("seq", 7, "time", 5000, "pruned", true), json(e));
    }
}
