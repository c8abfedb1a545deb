package dev.gatehouse.audit.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * The counting rule, as a pure function: N matches within a sliding window fire an alert unless the group is in
 * its quiet period; firing starts the quiet period and a new count, so one incident gives one alert. Matches in
 * the quiet period are still counted, and if they go on at the alert's rate past its end a reminder fires.
 * Times are the records' own times, so every node (and a re-run after a restart) decides the same.
 */
public final class SlidingWindow {

    /** The result of one match: whether it fired, with the count and the first counted time, and the next state. */
    public record Step(boolean fired, long count, long firstTime, WindowState next) {
    }

    private SlidingWindow() {
    }

    public static Step observe(WindowState state, int threshold, long windowMillis, long quietMillis, long time) {
        List<Long> times = new ArrayList<>(state.times());
        // Records of different nodes may arrive slightly out of order: keep the list sorted.
        int at = times.size();
        while (at > 0 && times.get(at - 1) > time) {
            at--;
        }
        times.add(at, time);
        long newest = times.get(times.size() - 1);
        times.removeIf(t -> t <= newest - windowMillis);
        while (times.size() > threshold) {
            times.remove(0);
        }
        if (times.size() >= threshold && time >= state.quietUntil()) {
            return new Step(true, times.size(), times.get(0), new WindowState(List.of(), time + quietMillis));
        }
        return new Step(false, times.size(), times.get(0), new WindowState(times, state.quietUntil()));
    }
}
