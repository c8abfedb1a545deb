package dev.gatehouse.vault.backend;

import com.fasterxml.jackson.databind.JsonNode;

/** Numbers from a backend's JSON, which may be any size: read without overflow, for the caller to clamp. */
final class JsonNumbers {

    private JsonNumbers() {
    }

    /**
     * A number as a long, saturated past a long's range ({@code 1e300} → {@link Long#MAX_VALUE}); other nodes as
     * {@link JsonNode#asLong(long)} reads them (numeric text included), else {@code absent}.
     */
    static long saturatedLong(JsonNode n, long absent) {
        if (n.isNumber() && !n.canConvertToLong()) {
            return n.doubleValue() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return n.asLong(absent);
    }
}
