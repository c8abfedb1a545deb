package dev.gatehouse.authenticators.otp.keycloak;

import java.time.Duration;

import org.keycloak.models.SingleUseObjectProvider;

import dev.gatehouse.authenticators.otp.Counters;
import dev.gatehouse.authenticators.otp.SlotCounters;

/**
 * {@link Counters} on Keycloak's single-use-object store, which is replicated across the cluster: slot n of a
 * key is taken with putIfAbsent, so two nodes racing for the last slot can't both win ({@link SlotCounters}).
 */
public final class ReplicatedCounters implements Counters {

    private final SlotCounters slots;

    public ReplicatedCounters(SingleUseObjectProvider store) {
        this.slots = new SlotCounters(new SlotCounters.Store() {
            @Override
            public boolean putIfAbsent(String key, long lifespanSeconds) {
                return store.putIfAbsent(key, lifespanSeconds);
            }

            @Override
            public boolean contains(String key) {
                return store.contains(key);
            }
        });
    }

    @Override
    public boolean tryAcquire(String key, int limit, Duration lifetime) {
        return slots.tryAcquire(key, limit, lifetime);
    }

    /** {@link SlotCounters#acquireAfter}: the slot taken (0 when full), trying the one after {@code taken} first. */
    public int acquireAfter(String key, int limit, Duration lifetime, int taken) {
        return slots.acquireAfter(key, limit, lifetime, taken);
    }

    @Override
    public int used(String key, int limit) {
        return slots.used(key, limit);
    }
}
