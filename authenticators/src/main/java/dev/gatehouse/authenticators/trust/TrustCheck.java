package dev.gatehouse.authenticators.trust;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a presented cookie secret is honoured by a device record. Plain Java; the glue looks the record up,
 * computes the presented hash with the record's key, and acts on the answer (rotate, reject, revoke).
 */
public final class TrustCheck {

    private TrustCheck() {
    }

    /**
     * In this order: expired ({@link TrustReason#EXPIRED}); factors changed since the trust
     * ({@link TrustReason#FACTORS_CHANGED}); the presented hash equals the previous one ({@link TrustReason#REPLAYED});
     * it doesn't equal the current one ({@link TrustReason#TAMPERED}); a bound family or network differs
     * ({@link TrustReason#BINDING_USER_AGENT}, {@link TrustReason#BINDING_NETWORK}). Null: honoured. Hashes are
     * compared in constant time.
     *
     * <p>Expired means {@code now} is at or after {@code expires} (a record without an expiry is expired). A record
     * without a fingerprint counts as changed. A bound record refuses a request whose family or network is null. A
     * null record answers {@link TrustReason#UNKNOWN_DEVICE}.
     *
     * @param presentedHash the keyed hash of the presented secret
     * @param factors       the user's current {@link Fingerprint}
     * @param userAgentFamily the request's browser family ({@link UserAgents#family})
     * @param network       the request's network prefix ({@link Networks#prefix}), or null
     */
    public static TrustReason check(DeviceRecord record, byte[] presentedHash, Instant now, String factors,
                                    String userAgentFamily, String network) {
        if (record == null) {
            return TrustReason.UNKNOWN_DEVICE;
        }
        Objects.requireNonNull(now, "now");
        if (record.expires() == null || !now.isBefore(record.expires())) {
            return TrustReason.EXPIRED;
        }
        if (record.factors() == null || !record.factors().equals(factors)) {
            return TrustReason.FACTORS_CHANGED;
        }
        if (TrustHash.equal(presentedHash, record.previousHash())) {
            return TrustReason.REPLAYED;
        }
        if (!TrustHash.equal(presentedHash, record.hash())) {
            return TrustReason.TAMPERED;
        }
        if (record.userAgentFamily() != null && !record.userAgentFamily().equals(userAgentFamily)) {
            return TrustReason.BINDING_USER_AGENT;
        }
        if (record.network() != null && !record.network().equals(network)) {
            return TrustReason.BINDING_NETWORK;
        }
        return null;
    }
}
