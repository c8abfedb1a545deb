package dev.gatehouse.audit.alert;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One alert rule: a match, a threshold within a sliding window per group, a severity and a quiet period.
 * Built from a component's config by {@link #parse}, validated there with messages naming the option.
 *
 * @param trigger RECORDS for rules over records; SEAL_LAG for the built-in that watches the oldest unsealed record
 */
public record AlertRule(String id, String name, boolean enabled, Trigger trigger, Match match, int threshold,
                        long windowSeconds, GroupBy groupBy, Severity severity, long quietSeconds, int budget) {

    public enum Trigger { RECORDS, SEAL_LAG }

    public static final String BUILTIN_PREFIX = "builtin-";
    static final int MAX_THRESHOLD = 10_000;
    static final long MAX_SECONDS = 604_800;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> KINDS = Set.of("user", "admin", "system");

    /** What one record did to this rule's count for its group. */
    public record Observation(String group, SlidingWindow.Step step) {
    }

    /** The record's group when the rule counts it, else null (no match, or no value to group by). */
    public String groupOf(AlertRecord r) {
        if (!enabled || trigger != Trigger.RECORDS || !match.matches(r)) {
            return null;
        }
        return groupBy.of(r);
    }

    /** Counts a matching record of group {@code group}. */
    public SlidingWindow.Step observe(WindowState state, long time) {
        int n = trigger == Trigger.SEAL_LAG ? 1 : threshold;
        return SlidingWindow.observe(state, n, windowSeconds * 1000, quietSeconds * 1000, time);
    }

    /** The seal-lag rule fires (subject to its quiet period) when the oldest unsealed record is older than the threshold. */
    public boolean lagging(Long oldestUnsealed, long now) {
        return trigger == Trigger.SEAL_LAG && enabled && oldestUnsealed != null && now - oldestUnsealed > threshold * 1000L;
    }

    public long windowMillis() {
        return windowSeconds * 1000;
    }

    /** The alert this rule fires for {@code group} after {@code step}. */
    public Alert alert(String alertId, String realm, String group, SlidingWindow.Step step, long time, Long seq) {
        String who = groupBy == GroupBy.NONE ? "" : " for " + groupBy.label() + " " + group;
        String what = trigger == Trigger.SEAL_LAG
                ? "audit records unsealed for more than " + threshold + " s"
                : step.count() + (step.count() == 1 ? " matching record" : " matching records") + " within " + windowSeconds + " s";
        return new Alert(alertId, realm, id, name, severity, groupBy.label(), groupBy == GroupBy.NONE ? null : group,
                step.count(), windowSeconds, step.firstTime(), time, seq, name + ": " + what + who);
    }

    /** Records older than this can't matter any more: alerting on them would only report old history. */
    public static final long STALE_FLOOR_MILLIS = 15 * 60 * 1000;

    /**
     * The time before which records are skipped rather than evaluated: now minus the longest window of the
     * record rules, but never less than {@link #STALE_FLOOR_MILLIS}, so a restart, a sealing backlog or a short
     * window don't drop records that are merely late.
     */
    public static long staleBefore(java.util.Collection<AlertRule> rules, long now) {
        long longest = rules.stream().filter(r -> r.trigger == Trigger.RECORDS).mapToLong(AlertRule::windowMillis).max().orElse(0);
        return now - Math.max(longest, STALE_FLOOR_MILLIS);
    }

    /** The digest of a budget window: how many alerts (groups) of this rule were suppressed in it. */
    public Alert digest(String alertId, String realm, AlertBudget.Digest d) {
        return new Alert(alertId, realm, id, name, severity, groupBy.label(), null, d.suppressed(), windowSeconds, d.firstTime(), d.lastTime(), null,
                name + ": " + d.suppressed() + " more " + (d.suppressed() == 1 ? "alert" : "alerts")
                        + " suppressed (budget " + budget + " per " + windowSeconds + " s)");
    }

    /**
     * Parses a rule's config. {@code base} supplies every option the config leaves out: a built-in for an
     * override, else {@link #defaults}. {@code fallbackId} is the component's id, used when {@code id} is empty.
     */
    public static AlertRule parse(String fallbackId, String name, Map<String, String> config, AlertRule base) {
        Map<String, String> c = new HashMap<>();
        config.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                c.put(k, v.strip());
            }
        });
        String id = c.getOrDefault(RuleOption.ID.key(), fallbackId);
        if (id == null || !ID.matcher(id).matches()) {
            throw new RuleException(RuleOption.ID, "letters, digits, '.', '_' or '-', 1 to 64 characters");
        }
        boolean enabled = bool(c, RuleOption.ENABLED, base.enabled);
        Set<String> kinds = list(c, RuleOption.KIND, base.match.kinds());
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new RuleException(RuleOption.KIND, "user, admin or system");
            }
        }
        Match.Outcome outcome = base.match.outcome();
        if (c.containsKey(RuleOption.OUTCOME.key())) {
            outcome = switch (c.get(RuleOption.OUTCOME.key()).toLowerCase(Locale.ROOT)) {
                case "any" -> Match.Outcome.ANY;
                case "success" -> Match.Outcome.SUCCESS;
                case "error" -> Match.Outcome.ERROR;
                default -> throw new RuleException(RuleOption.OUTCOME, "any, success or error");
            };
        }
        Map<String, Set<String>> details = base.match.details();
        if (c.containsKey(RuleOption.DETAILS.key())) {
            Map<String, Set<String>> parsed = new LinkedHashMap<>();
            for (String entry : split(c.get(RuleOption.DETAILS.key()))) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new RuleException(RuleOption.DETAILS, "each entry is key=value");
                }
                parsed.computeIfAbsent(entry.substring(0, eq).strip(), k -> new LinkedHashSet<>()).add(entry.substring(eq + 1).strip());
            }
            details = parsed;
        }
        Match match = new Match(kinds, list(c, RuleOption.TYPE, base.match.types()), list(c, RuleOption.RESOURCE_TYPE, base.match.resourceTypes()),
                outcome, list(c, RuleOption.ERROR, base.match.errors()), list(c, RuleOption.CLIENT, base.match.clients()),
                list(c, RuleOption.USER, base.match.users()), list(c, RuleOption.IP, base.match.ips()), details);
        if (base.trigger == Trigger.RECORDS && match.kinds().isEmpty() && match.types().isEmpty()) {
            throw new RuleException(RuleOption.TYPE, "a rule must name a kind or a type, so it can't count every record");
        }
        int threshold = (int) number(c, RuleOption.THRESHOLD, base.threshold, 1, MAX_THRESHOLD);
        long window = number(c, RuleOption.WINDOW_SECONDS, base.windowSeconds, 1, MAX_SECONDS);
        long quiet = number(c, RuleOption.QUIET_SECONDS, base.quietSeconds, 0, MAX_SECONDS);
        GroupBy groupBy = base.groupBy;
        if (c.containsKey(RuleOption.GROUP_BY.key())) {
            groupBy = Arrays.stream(GroupBy.values()).filter(g -> g.label().equals(c.get(RuleOption.GROUP_BY.key()).toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new RuleException(RuleOption.GROUP_BY, "user, ip, client or none"));
        }
        Severity severity = base.severity;
        if (c.containsKey(RuleOption.SEVERITY.key())) {
            severity = Arrays.stream(Severity.values()).filter(s -> s.name().equals(c.get(RuleOption.SEVERITY.key()).toUpperCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new RuleException(RuleOption.SEVERITY, "INFO, WARNING or CRITICAL"));
        }
        String displayName = name == null || name.isBlank() ? (base.name.isEmpty() ? id : base.name) : name.strip();
        int budget = (int) number(c, RuleOption.BUDGET, base.budget, 1, MAX_THRESHOLD);
        return new AlertRule(id, displayName, enabled, base.trigger, match, threshold, window, groupBy, severity, quiet, budget);
    }

    /** The options' defaults, the base of a custom rule. */
    public static AlertRule defaults() {
        return new AlertRule("", "", true, Trigger.RECORDS,
                new Match(Set.of(), Set.of(), Set.of(), Match.Outcome.ANY, Set.of(), Set.of(), Set.of(), Set.of(), Map.of()),
                Integer.parseInt(RuleOption.THRESHOLD.defaultValue()), Long.parseLong(RuleOption.WINDOW_SECONDS.defaultValue()),
                GroupBy.NONE, Severity.valueOf(RuleOption.SEVERITY.defaultValue()), Long.parseLong(RuleOption.QUIET_SECONDS.defaultValue()),
                Integer.parseInt(RuleOption.BUDGET.defaultValue()));
    }

    static Set<String> split(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : value.split(Pattern.quote(RuleOption.SEPARATOR))) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static Set<String> list(Map<String, String> c, RuleOption o, Set<String> fallback) {
        return c.containsKey(o.key()) ? split(c.get(o.key())) : fallback;
    }

    private static boolean bool(Map<String, String> c, RuleOption o, boolean fallback) {
        String v = c.get(o.key());
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new RuleException(o, "true or false");
        };
    }

    private static long number(Map<String, String> c, RuleOption o, long fallback, long min, long max) {
        String v = c.get(o.key());
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleException(o, "a whole number from " + min + " to " + max);
    }

}
