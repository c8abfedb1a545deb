package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Export encodings of sealed records: the JSON Lines stub of a pruned record, and CSV rows for people and SIEMs. */
public final class AuditLines {

    /** CSV columns; admin records put the operation in "type" and the acting admin in "user" and "client". */
    public static final List<String> CSV_COLUMNS = List.of("seq", "time", "kind", "type", "error", "user", "client", "ip",
            "session", "resourceType", "resourcePath", "representationSha256", "node", "correlationId", "details");

    private AuditLines() {
    }

    /** The line that stands for a record whose payload retention removed: enough to keep chain and tree. */
    public static String prunedStub(long seq, String prev, String leaf) {
        Map<String, Object> stub = new LinkedHashMap<>();
        stub.put("seq", seq);
        stub.put("prev", prev);
        stub.put("leaf", leaf);
        stub.put("pruned", true);
        return new String(CanonicalJson.encode(stub), StandardCharsets.UTF_8);
    }

    public static String csvHeader() {
        return String.join(",", CSV_COLUMNS) + "\r\n";
    }

    /** One RFC 4180 row for the fields of a sealed line (or of its pruned stub). */
    public static String csvRow(Map<?, ?> r) {
        boolean admin = "admin".equals(r.get("kind"));
        StringBuilder b = new StringBuilder();
        for (String column : CSV_COLUMNS) {
            Object v = switch (column) {
                case "time" -> r.get("time") instanceof Number t ? Instant.ofEpochMilli(t.longValue()).toString() : null;
                case "kind" -> Boolean.TRUE.equals(r.get("pruned")) ? "pruned" : r.get("kind");
                case "type" -> admin ? r.get("operation") : r.get("type");
                case "user" -> admin ? r.get("authUser") : r.get("user");
                case "client" -> admin ? r.get("authClient") : r.get("client");
                case "details" -> r.get("details") instanceof Map<?, ?> d && !d.isEmpty()
                        ? new String(CanonicalJson.encode(d), StandardCharsets.UTF_8) : null;
                default -> r.get(column);
            };
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(cell(v == null ? "" : v.toString()));
        }
        return b.append("\r\n").toString();
    }

    /**
     * Quotes a cell when needed, and defuses cells a spreadsheet would run as a formula: event details carry
     * user-chosen text (usernames, redirect URIs), and "=HYPERLINK(…)" must stay text.
     */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || !v.equals(value)) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
