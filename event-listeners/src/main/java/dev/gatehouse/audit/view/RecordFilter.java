package dev.gatehouse.audit.view;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.gatehouse.audit.TimeBound;

/**
 * The filters of a record query, as the viewer and the REST parameters name them, parsed and checked. Every
 * error message names the parameter and never repeats its value (no reflected input).
 *
 * @param actor  user id, or a username the glue resolves to one; for admin records the acting admin
 * @param kind   user, admin or system
 * @param type   event type (user, system) or operation (admin)
 * @param search lower-cased text looked for anywhere in the record's details (at least {@link #MIN_SEARCH} characters)
 */
public record RecordFilter(String actor, String kind, String type, Outcome outcome, String ip, String client,
                           Long from, Long to, String search, String session, String correlationId) {

    /** Which records an outcome filter keeps. */
    public enum Outcome {
        SUCCESS, ERROR
    }

    /** The query parameters, in the order {@link #parameters()} lists them. */
    public static final String[] NAMES = {"user", "kind", "type", "outcome", "ip", "client", "from", "to", "search", "session", "correlationId"};

    /** Trigram indexes need three characters; shorter terms would scan the whole log. */
    public static final int MIN_SEARCH = 3;
    static final int MAX_VALUE = 255;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public static final RecordFilter NONE = new RecordFilter(null, null, null, null, null, null, null, null, null, null, null);

    /** Parses the parameters {@code param} gives (null or blank = not given); IllegalArgumentException names the bad one. */
    public static RecordFilter parse(Function<String, String> param) {
        String kind = value(param, "kind");
        if (kind != null && !(kind.equals("user") || kind.equals("admin") || kind.equals("system"))) {
            throw new IllegalArgumentException("kind must be user, admin or system");
        }
        String type = value(param, "type");
        if (type != null && !TOKEN.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be an event type or admin operation (letters, digits, _ . : -)");
        }
        String outcome = value(param, "outcome");
        Outcome o = null;
        if (outcome != null) {
            o = switch (outcome) {
                case "success" -> Outcome.SUCCESS;
                case "error" -> Outcome.ERROR;
                default -> throw new IllegalArgumentException("outcome must be success or error");
            };
        }
        String from = value(param, "from");
        String to = value(param, "to");
        Long f = from == null ? null : TimeBound.FROM.parse(from);
        Long t = to == null ? null : TimeBound.TO.parse(to);
        if (f != null && t != null && f > t) {
            throw new IllegalArgumentException("from must not be after to");
        }
        String search = value(param, "search");
        if (search != null) {
            search = search.toLowerCase(Locale.ROOT);
            if (search.length() < MIN_SEARCH) {
                throw new IllegalArgumentException("search needs at least " + MIN_SEARCH + " characters");
            }
        }
        return new RecordFilter(value(param, "user"), kind, type, o, value(param, "ip"), value(param, "client"), f, t,
                search, value(param, "session"), value(param, "correlationId"));
    }

    private static String value(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.strip();
        if (v.length() > MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_VALUE + " characters");
        }
        return v;
    }

    /** The same filter with the actor replaced (a username resolved to a user id). */
    public RecordFilter withActor(String userId) {
        return new RecordFilter(userId, kind, type, outcome, ip, client, from, to, search, session, correlationId);
    }

    public boolean isEmpty() {
        return parameters().isEmpty();
    }

    /** The given filters as parameter name → value (times as epoch millis), for the export's audit record and note. */
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "user", actor);
        put(m, "kind", kind);
        put(m, "type", type);
        put(m, "outcome", outcome == null ? null : outcome.name().toLowerCase(Locale.ROOT));
        put(m, "ip", ip);
        put(m, "client", client);
        put(m, "from", from == null ? null : from.toString());
        put(m, "to", to == null ? null : to.toString());
        put(m, "search", search);
        put(m, "session", session);
        put(m, "correlationId", correlationId);
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
