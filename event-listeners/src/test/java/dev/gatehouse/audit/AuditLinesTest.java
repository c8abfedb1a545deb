package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AuditLinesTest {

    /** As the export does: the line parsed with Keycloak's Jackson mapper, then one CSV row. */
    static String row(String line) throws java.io.IOException {
        return AuditLines.csvRow(org.keycloak.util.JsonSerialization.readValue(line, java.util.Map.class));
    }

    @Test
    void csvRowsQuoteAndDefuseFormulas() throws Exception {
        String line = "{\"client\":\"app\",\"details\":{\"username\":\"=HYPERLINK(\\\"x\\\")\"},\"error\":null,\"id\":\"e1\","
                + "\"ip\":\"10.0.0.1\",\"kind\":\"user\",\"prev\":\"\",\"seq\":1,\"time\":0,\"type\":\"LOGIN\",\"user\":\"u,1\"}";
        String row = row(line);
        assertEquals("1,1970-01-01T00:00:00Z,user,LOGIN,,\"u,1\",app,10.0.0.1,,,,,,,\"{\"\"username\"\":\"\"=HYPERLINK(\\\"\"x\\\"\")\"\"}\"\r\n", row);
        assertEquals("\"'=1+1\"", AuditLines.cell("=1+1"));
        assertEquals("\"'-2\"", AuditLines.cell("-2"));
        assertEquals("plain", AuditLines.cell("plain"));
    }

    @Test
    void adminRowsShowOperationAndActingAdmin() throws Exception {
        String line = "{\"authClient\":\"admin-cli\",\"authUser\":\"a1\",\"kind\":\"admin\",\"operation\":\"UPDATE\",\"prev\":\"\","
                + "\"resourcePath\":\"users/x\",\"seq\":2,\"time\":1000}";
        assertEquals("2,1970-01-01T00:00:01Z,admin,UPDATE,,a1,admin-cli,,,,users/x,,,,\r\n", row(line));
    }

    @Test
    void prunedStubIsCanonical() throws Exception {
        assertEquals("{\"leaf\":\"AAAA\",\"prev\":\"\",\"pruned\":true,\"seq\":1}", AuditLines.prunedStub(1, "", "AAAA"));
        assertEquals("1,,pruned,,,,,,,,,,,,\r\n", row(AuditLines.prunedStub(1, "", "AAAA")));
    }

    @Test
    void correlationIdsComeFromWellFormedHeadersOnly() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                CorrelationIds.pick("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "req-1", null));
        assertEquals("req-1", CorrelationIds.pick("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "req-1", null));
        assertEquals("corr.9", CorrelationIds.pick("garbage", "has space", "corr.9"));
        assertNull(CorrelationIds.pick(null, "x".repeat(129), "<script>"));
    }

    @Test
    void everyFormulaLeadIsDefusedInFilteredExportsToo() {
        for (String lead : new String[] {"=", "+", "-", "@", "\t", "\r"}) {
            String cell = AuditLines.cell(lead + "cmd|' /C calc'!A0");
            assertEquals("\"'" + lead, cell.substring(0, 3), lead);
        }
        assertEquals("\"a,\"\"b\"\"\"", AuditLines.cell("a,\"b\""));
        assertEquals("user@example.com", AuditLines.cell("user@example.com"), "only a leading @ is a formula");
    }
}
