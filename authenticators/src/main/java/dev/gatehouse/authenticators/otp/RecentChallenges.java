package dev.gatehouse.authenticators.otp;

import java.time.Duration;
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

    /**
     * The challenge a new tab or sign-in should use instead of issuing a code: the newest, while it was sent
     * less than a cooldown ago and may be shared with that sign-in; null when a new code is due.
     */
    public Challenge reusable(Instant now, Duration cooldown, CodeMode mode, String browserSession) {
        Challenge c = newest(now);
        return c != null && !c.resendWait(now, cooldown).isZero() && shareable(c, mode, browserSession) ? c : null;
    }

    /** The live challenges a sign-in may recognise as a mix-up rather than a guess, newest first. */
    public List<Challenge> shareable(Instant now, CodeMode mode, String browserSession) {
        return live(now).stream().filter(c -> shareable(c, mode, browserSession)).toList();
    }

    /**
     * After a proven first factor any sign-in of the user may share a challenge; before authentication only
     * tabs of the browser session it was issued in, so a stranger who types someone's address never gets to
     * guess at, or void, the code in their mailbox.
     */
    static boolean shareable(Challenge c, CodeMode mode, String browserSession) {
        return mode.proven() || c.browserSession().equals(browserSession);
    }
}
