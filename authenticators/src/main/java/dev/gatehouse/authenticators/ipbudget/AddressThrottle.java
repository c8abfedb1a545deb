package dev.gatehouse.authenticators.ipbudget;

import java.time.Duration;
import java.time.Instant;

import dev.gatehouse.authenticators.otp.Counters;

/**
 * The address budget over cluster-wide counters: asks before a first factor is checked, counts after it failed.
 * Plain Java.
 *
 * <p>The check and the count are two steps, so requests from one address that are in flight together when the
 * budget runs out are all checked: the overshoot is at most the address's concurrent requests at that moment,
 * each a full request. Refused attempts are not counted: they check nothing, and counting them would only
 * lengthen the wait of the legitimate users behind a shared address.
 */
public final class AddressThrottle {

    private static final String PREFIX = "gatehouse-ipbudget:";

    private final Counters counters;
    private final String prefix;

    /** The sign-in budget's counters. */
    public AddressThrottle(Counters counters) {
        this(counters, PREFIX);
    }

    /** A budget of its own (API keys: unknown keys per address), counted apart from the sign-in one's. */
    public AddressThrottle(Counters counters, String prefix) {
        this.counters = counters;
        this.prefix = prefix;
    }

    /** Null when the address may try now; otherwise the wait. */
    public Duration refusal(AddressBudget budget, String realmId, String remoteAddress, Instant now) {
        if (budget.disabled()) {
            return null;
        }
        long t = now.getEpochSecond();
        long index = budget.windowIndex(t);
        String block = AddressBlock.key(realmId, remoteAddress);
        int current = counters.used(counterKey(budget, block, index), budget.failures());
        int previous = counters.used(counterKey(budget, block, index - 1), budget.failures());
        return budget.refusal(previous, current, t);
    }

    /** Counts one failed attempt from the address (nothing once the current window's count is full). */
    public void countFailure(AddressBudget budget, String realmId, String remoteAddress, Instant now) {
        if (budget.disabled()) {
            return;
        }
        long t = now.getEpochSecond();
        long index = budget.windowIndex(t);
        counters.tryAcquire(counterKey(budget, AddressBlock.key(realmId, remoteAddress), index), budget.failures(),
                budget.counterLifetime(index, t));
    }

    /** The window length is part of the key: a changed window starts counting afresh rather than misreading. */
    String counterKey(AddressBudget budget, String block, long index) {
        return prefix + budget.window().toSeconds() + ":" + index + ":" + block;
    }
}
