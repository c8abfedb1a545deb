package dev.gatehouse.authenticators.otp.keycloak;

import java.time.Duration;

import org.keycloak.models.SingleUseObjectProvider;

import dev.gatehouse.authenticators.otp.Counters;

/**
 * {@link Counters} on Keycloak's single-use-object store, which is replicated across the cluster: slot n of a
 * key is taken with putIfAbsent, so two nodes racing for the last slot can't both win.
 */
public final class ReplicatedCounters implements Counters {

    private final SingleUseObjectProvider store;

    public ReplicatedCounters(SingleUseObjectProvider store) {
        this.store = store;
    }

    @Override
    public boolean tryAcquire(String key, int limit, Duration lifetime) {
        long seconds = Math.max(1, lifetime.toSeconds());
        for (int n = 1; n <= limit; n++) {
            if (store.putIfAbsent(key + "#" + n, seconds)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int used(String key, int limit) {
        int used = 0;
        for (int n = 1; n <= limit; n++) {
            if (store.contains(key + "#" + n)) {
                used++;
            }
        }
        return used;
    }
}
