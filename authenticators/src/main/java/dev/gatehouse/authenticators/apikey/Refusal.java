package dev.gatehouse.authenticators.apikey;

/**
 * Why a presented API key was refused. The code is the event's error, the JSON body's {@code error} and the
 * documented reason (docs/api-keys.md, "Refusals"); the status is the HTTP answer of the validation endpoint.
 * Plain Java.
 */
public enum Refusal {

    /** Not {@code <prefix>_<random>_<checksum>}, or a wrong checksum: refused before any lookup. */
    MALFORMED("malformed", 401),
    /** Well formed, but no key has this hash. */
    UNKNOWN("unknown", 401),
    EXPIRED("expired", 401),
    /** Revoked through REST, or its credential removed in a console. */
    REVOKED("revoked", 401),
    OWNER_DISABLED("owner_disabled", 401),
    /** The client address is outside the key's CIDR allowlist. */
    IP_REFUSED("ip_refused", 403),
    /** A required context header is absent or blank. */
    CONTEXT_MISSING("context_missing", 403),
    /** A role or client scope asked of the key is not the key's. */
    OUT_OF_SCOPE("out_of_scope", 403),
    /** The exchange came through a client not in {@code exchangeClients}. */
    CLIENT_NOT_ALLOWED("client_not_allowed", 403),
    /** The key's per-minute limit is spent (cluster-wide); with Retry-After. */
    RATE_LIMITED("rate_limited", 429),
    /** The client address has presented too many unknown or malformed keys; with Retry-After. */
    IP_THROTTLED("ip_throttled", 429),
    /** The hash secret (pepper) can't be resolved. */
    UNAVAILABLE("unavailable", 503);

    private final String code;
    private final int status;

    Refusal(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Whether the refusal spends the address budget (the key itself is unknown) rather than counting against a key. */
    public boolean spendsAddressBudget() {
        return this == MALFORMED || this == UNKNOWN;
    }
}
