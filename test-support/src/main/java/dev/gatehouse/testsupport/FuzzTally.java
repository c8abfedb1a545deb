package dev.gatehouse.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a fuzz run saw, per surface: how many inputs, which outcomes (HTTP statuses or exception types), and the
 * failures with the input that caused them. Failures of a finding that is known and still open are counted apart,
 * so the run stays green while another change fixes them, and says when one no longer reproduces.
 */
public final class FuzzTally {

    /** Text that only a stack trace or an unhandled exception page contains. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "Exception\\b|\\bat (?:org|java|jdk|io|dev|com|sun)\\.[\\w.$]+\\(|\\n\\s+at [\\w.$]+\\(|Caused by:");
    /** Markup that must never come back unescaped: a tag opening, or a NUL. */
    private static final Pattern DANGEROUS = Pattern.compile("<[A-Za-z!/?]|\u0000|\"[^\"]*=");

    /** A known, still open finding: failures whose surface and input match are counted as known, not failed. */
    public record Known(String finding, String surface, java.util.function.Predicate<String> input) {
    }

    public record Failure(String surface, String input, String outcome, String reason, String finding) {
    }

    private final Map<String, Integer> inputs = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> outcomes = new LinkedHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<Known> known;
    private final Map<Known, Integer> knownSeen = new LinkedHashMap<>();

    public FuzzTally(List<Known> known) {
        this.known = known;
        known.forEach(k -> knownSeen.put(k, 0));
    }

    /** A stack trace or exception name in a response body. */
    public static boolean hasStackTrace(String body) {
        return body != null && STACK_TRACE.matcher(body).find();
    }

    /**
     * The input came back raw: it holds markup (a tag opening, an attribute break-out) or a NUL, the response
     * contains it unchanged, and a response to a harmless input ({@code baseline}) does not (so text every page
     * holds anyway, like {@code "="}, is no finding).
     */
    public static boolean reflectsRaw(String body, String input, String baseline) {
        if (body == null || input.isEmpty() || !DANGEROUS.matcher(input).find()) {
            return false;
        }
        if (input.indexOf('\u0000') >= 0 && body.indexOf('\u0000') >= 0) {
            return true;
        }
        return body.contains(input) && (baseline == null || !baseline.contains(input));
    }

    /** Records one input's outcome and, when {@code reason} is not null, a failure. */
    public synchronized void record(String surface, String input, String outcome, String reason) {
        inputs.merge(surface, 1, Integer::sum);
        outcomes.computeIfAbsent(surface, s -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        if (reason != null) {
            String finding = null;
            for (Known k : known) {
                if (k.surface().equals(surface) && k.input().test(input)) {
                    finding = k.finding();
                    knownSeen.merge(k, 1, Integer::sum);
                    break;
                }
            }
            failures.add(new Failure(surface, input, outcome, reason, finding));
        }
    }

    public int inputs(String surface) {
        return inputs.getOrDefault(surface, 0);
    }

    /** Failures not explained by a known open finding. */
    public List<Failure> newFailures() {
        return failures.stream().filter(f -> f.finding() == null).toList();
    }

    /** Known findings that no longer reproduce: remove them from the list. */
    public List<Known> knownButGone() {
        return knownSeen.entrySet().stream().filter(e -> e.getValue() == 0 && inputs.containsKey(e.getKey().surface()))
                .map(Map.Entry::getKey).toList();
    }

    /** The table for the log and the docs: surface, inputs, outcomes seen, failures (new / known). */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "%-34s %7s  %-44s %s%n", "surface", "inputs", "outcomes", "failures (new / known)"));
        for (String surface : inputs.keySet()) {
            long fresh = failures.stream().filter(f -> f.surface().equals(surface) && f.finding() == null).count();
            long old = failures.stream().filter(f -> f.surface().equals(surface) && f.finding() != null).count();
            b.append(String.format(java.util.Locale.ROOT, "%-34s %7d  %-44s %d / %d%n", surface, inputs.get(surface),
                    outcomes.get(surface).toString(), fresh, old));
        }
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (Failure f : failures) {
            // One kind of failure per surface is shown twice at most: the reason up to its first detail.
            String reason = f.reason().length() > 160 ? f.reason().substring(0, 150) + "…" : f.reason();
            String key = f.surface() + " " + f.outcome() + " " + reason.split("[:(]", 2)[0] + " " + f.finding();
            if (shown.merge(key, 1, Integer::sum) <= 2) {
                b.append(f.finding() == null ? "NEW   " : "known ").append(f.surface()).append(" -> ").append(f.outcome())
                        .append(": ").append(new FuzzInputs.Input(reason, false).printable())
                        .append(f.finding() == null ? "" : " [" + f.finding() + "]")
                        .append("\n      input: ").append(new FuzzInputs.Input(f.input(), false).printable()).append('\n');
            }
        }
        for (Known k : knownButGone()) {
            b.append("GONE  ").append(k.finding()).append(" on ").append(k.surface())
                    .append(" no longer reproduces: remove it from the known findings\n");
        }
        return b.toString();
    }
}
