package dev.gatehouse.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A freshly fetched value whose backend-reported expiry or rotation falls within {@code expiry-warning}: what the
 * provider logs and emits as {@code VAULT_SECRET_EXPIRING}. Expiry comes first when both are near, as it is the
 * one that stops a login; a rotation date already past (a rotation running late or failing) is reported too.
 *
 * @param kind      {@code expires} or {@code rotates}
 * @param at        the instant the backend reported
 * @param inSeconds seconds from now to {@code at}; negative for a rotation that is overdue
 */
public record ExpiryNotice(String kind, Instant at, long inSeconds) {

    public static final String EXPIRES = "expires";
    public static final String ROTATES = "rotates";

    /**
     * @param window {@code expiry-warning}; zero means no warnings
     * @return a notice for a backend fetch ({@link SecretCache.Outcome#FETCHED}) with a near expiry or rotation;
     * empty for cache hits, stale values, failures, and values with neither
     */
    public static Optional<ExpiryNotice> of(SecretResolver.Lookup lookup, Duration window, Instant now) {
        if (window.isZero() || !lookup.fetched() || lookup.outcome() != SecretCache.Outcome.FETCHED) {
            return Optional.empty();
        }
        Instant horizon = now.plus(window);
        if (lookup.expiresAt() != null && !lookup.expiresAt().isAfter(horizon)) {
            return Optional.of(new ExpiryNotice(EXPIRES, lookup.expiresAt(), Duration.between(now, lookup.expiresAt()).toSeconds()));
        }
        if (lookup.rotatesAt() != null && !lookup.rotatesAt().isAfter(horizon)) {
            return Optional.of(new ExpiryNotice(ROTATES, lookup.rotatesAt(), Duration.between(now, lookup.rotatesAt()).toSeconds()));
        }
        return Optional.empty();
    }
}
