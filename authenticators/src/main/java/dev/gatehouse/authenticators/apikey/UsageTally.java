package dev.gatehouse.authenticators.apikey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Uses and failures per key and day counted on this node since the last flush, with the last successful use.
 * The flush task drains it into the tables every few seconds; a crash loses at most that much (the audit log
 * records every use). Thread-safe. Plain Java.
 */
public final class UsageTally {

    /** The counts of one key on one day (epoch day, UTC). */
    public record Entry(String keyId, int day, long uses, long failures, Instant lastUsedAt, String lastUsedIp) {
    }

    private record Slot(String keyId, int day) {
    }

    private static final class Counts {
        long uses;
        long failures;
        Instant lastUsedAt;
        String lastUsedIp;
    }

    private final int maxSlots;
    private Map<Slot, Counts> counts = new HashMap<>();

    /** @param maxSlots keys × days held before further counts are dropped (a flush that keeps failing must not fill the heap) */
    public UsageTally(int maxSlots) {
        this.maxSlots = maxSlots;
    }

    public static int day(Instant at) {
        return (int) at.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }

    public synchronized void success(String keyId, Instant at, String address) {
        Counts c = slot(keyId, at);
        if (c != null) {
            c.uses++;
            if (c.lastUsedAt == null || !at.isBefore(c.lastUsedAt)) {
                c.lastUsedAt = at;
                c.lastUsedIp = address;
            }
        }
    }

    public synchronized void failure(String keyId, Instant at) {
        Counts c = slot(keyId, at);
        if (c != null) {
            c.failures++;
        }
    }

    /** Everything counted since the last drain; the tally starts afresh. */
    public List<Entry> drain() {
        Map<Slot, Counts> taken;
        synchronized (this) {
            taken = counts;
            counts = new HashMap<>();
        }
        List<Entry> out = new ArrayList<>(taken.size());
        taken.forEach((s, c) -> out.add(new Entry(s.keyId(), s.day(), c.uses, c.failures, c.lastUsedAt, c.lastUsedIp)));
        return out;
    }

    /** Puts entries back after a failed flush (counts add up with what was counted meanwhile). */
    public synchronized void restore(List<Entry> entries) {
        for (Entry e : entries) {
            Slot s = new Slot(e.keyId(), e.day());
            Counts c = counts.get(s);
            if (c == null) {
                if (counts.size() >= maxSlots) {
                    continue;
                }
                c = new Counts();
                counts.put(s, c);
            }
            c.uses += e.uses();
            c.failures += e.failures();
            if (e.lastUsedAt() != null && (c.lastUsedAt == null || e.lastUsedAt().isAfter(c.lastUsedAt))) {
                c.lastUsedAt = e.lastUsedAt();
                c.lastUsedIp = e.lastUsedIp();
            }
        }
    }

    private Counts slot(String keyId, Instant at) {
        Slot s = new Slot(keyId, day(at));
        Counts c = counts.get(s);
        if (c == null && counts.size() < maxSlots) {
            c = new Counts();
            counts.put(s, c);
        }
        return c;
    }
}
