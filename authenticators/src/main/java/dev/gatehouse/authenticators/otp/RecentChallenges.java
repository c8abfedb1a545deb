package dev.gatehouse.authenticators.otp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last few challenges issued to one user and destination, newest first, as the replicated store keeps
 * them (a map of notes). A second tab within the cooldown reuses the newest instead of issuing a code that
 * was never sent, and a code from an earlier email is recognised as a mix-up rather than counted as a guess.
 */
public final class RecentChallenges {

    /** Enough for the codes one destination can be sent within a code's lifetime at the usual budgets. */
    public static final int KEPT = 3;

    private final List<Challenge> newestFirst;

    private RecentChallenges(List<Challenge> newestFirst) {
        this.newestFirst = newestFirst;
    }

    public static RecentChallenges decode(Map<String, String> notes) {
        List<Challenge> list = new ArrayList<>();
        for (int i = 0; notes != null && i < KEPT; i++) {
            Challenge c = Challenge.decode(notes.get(Integer.toString(i)));
            if (c != null) {
                list.add(c);
            }
        }
        return new RecentChallenges(list);
    }

    public Map<String, String> encode() {
        Map<String, String> notes = new HashMap<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            notes.put(Integer.toString(i), newestFirst.get(i).encode());
        }
        return notes;
    }

    /** These challenges with {@code c} as the newest (replacing an older copy of it), without expired ones. */
    public RecentChallenges with(Challenge c, Instant now) {
        List<Challenge> list = new ArrayList<>();
        list.add(c);
        for (Challenge old : newestFirst) {
            if (list.size() < KEPT && !old.id().equals(c.id()) && !old.expired(now)) {
                list.add(old);
            }
        }
        return new RecentChallenges(list);
    }

    public RecentChallenges without(String challengeId) {
        return new RecentChallenges(newestFirst.stream().filter(c -> !c.id().equals(challengeId)).toList());
    }

    /** The newest live challenge, or null. */
    public Challenge newest(Instant now) {
        return newestFirst.isEmpty() || newestFirst.get(0).expired(now) ? null : newestFirst.get(0);
    }

    /** The live challenges, newest first. */
    public List<Challenge> live(Instant now) {
        return newestFirst.stream().filter(c -> !c.expired(now)).toList();
    }
}
