package dev.gatehouse.audit.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * The counting state of one rule for one group, small enough to persist per evaluation: the times (epoch
 * millis) of the recent matches still inside the window, oldest first, at most the rule's threshold of them,
 * and the end of the quiet period after the last alert. Text form: {@code quietUntil|t1,t2,…}.
 */
public record WindowState(List<Long> times, long quietUntil) {

    public static final WindowState EMPTY = new WindowState(List.of(), 0);

    public WindowState {
        times = List.copyOf(times);
    }

    /** When this state no longer affects any decision and can be dropped: the window and the quiet period are over. */
    public long expiresAt(long windowMillis) {
        long last = times.isEmpty() ? 0 : times.get(times.size() - 1) + windowMillis;
        return Math.max(last, quietUntil);
    }

    public String encode() {
        StringBuilder b = new StringBuilder().append(quietUntil).append('|');
        for (int i = 0; i < times.size(); i++) {
            b.append(i == 0 ? "" : ",").append(times.get(i));
        }
        return b.toString();
    }

    /** Decodes {@link #encode()}; an unreadable text (never written by us) counts as an empty state. */
    public static WindowState decode(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        try {
            int bar = text.indexOf('|');
            long quiet = Long.parseLong(text.substring(0, bar));
            List<Long> times = new ArrayList<>();
            String rest = text.substring(bar + 1);
            if (!rest.isEmpty()) {
                for (String t : rest.split(",", -1)) {
                    times.add(Long.parseLong(t));
                }
            }
            return new WindowState(times, quiet);
        } catch (RuntimeException e) {
            return EMPTY;
        }
    }
}
