package dev.gatehouse.authenticators.otp;

import java.time.Duration;

/**
 * Cluster-wide counters with an upper bound, as a set of numbered slots that expire. In Keycloak they live in
 * the replicated single-use-object store; each slot is taken atomically, so concurrent requests on different
 * nodes can never both take the last one.
 */
public interface Counters {

    /** Takes the next free slot of {@code key}; false when all {@code limit} slots are taken. */
    boolean tryAcquire(String key, int limit, Duration lifetime);

    /** How many of the {@code limit} slots of {@code key} are taken. */
    int used(String key, int limit);
}
