package dev.gatehouse.authenticators.apikey;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gatehouse.authenticators.config.DeclaredOption;
import dev.gatehouse.authenticators.config.OptionValues;

/**
 * A realm's API key settings, read from the config of the required action {@code gatehouse-api-key} (admin
 * console: Authentication → Required actions → ⚙). Every option is declared once in {@link Option};
 * docs/api-keys.md holds the table a test keeps equal to it. Multivalued options use Keycloak's {@code ##}
 * separator. Plain Java.
 */
public record ApiKeySettings(String keyPrefix, int defaultExpiryDays, int maxExpiryDays, Duration rotationOverlap,
                             int rateLimitPerMinute, int ipFailureLimit, Duration ipFailureWindow,
                             List<String> exchangeClients, List<String> requiredHeaders, Duration cacheTtl,
                             String hashSecret, int maxKeysPerOwner, boolean userKeys) {

    public static final int MAX_EXPIRY_DAYS = 3650;
    public static final int MAX_OVERLAP_HOURS = 720;
    public static final int MAX_RATE = 1_000_000;
    public static final int MAX_IP_FAILURES = 100_000;
    public static final int MAX_WINDOW_MINUTES = 1440;
    public static final int MAX_CACHE_SECONDS = 300;
    public static final int MAX_KEYS = 1000;
    public static final String SEPARATOR = "##";

    /** How an option is read and shown in the admin console. */
    public enum Kind { TEXT, NUMBER, BOOLEAN, LIST }

    /** Every realm option, declared once: key, label, help, default. */
    public enum Option implements DeclaredOption {
        KEY_PREFIX("keyPrefix", "Key prefix",
                "The first part of every new key, so that secret scanners can find leaked ones: a lower-case letter "
                        + "then 1 to 15 lower-case letters or digits. Existing keys keep theirs.", "gatehouse",
                Kind.TEXT),
        DEFAULT_EXPIRY_DAYS("defaultExpiryDays", "Default expiry (days)",
                "1 to 3650. How long a new key lasts when its creator doesn't choose.", "90", Kind.NUMBER),
        MAX_EXPIRY_DAYS("maxExpiryDays", "Maximum expiry (days)",
                "1 to 3650. No key lasts longer; a longer request is refused.", "365", Kind.NUMBER),
        ROTATION_OVERLAP_HOURS("rotationOverlapHours", "Rotation overlap (hours)",
                "0 to 720. After a rotation, the old key stays valid this long (never past its own expiry).", "24",
                Kind.NUMBER),
        RATE_LIMIT_PER_MINUTE("rateLimitPerMinute", "Uses per key and minute",
                "0 to 1000000, cluster-wide, for keys that don't set their own limit. 0: no limit.", "600",
                Kind.NUMBER),
        IP_FAILURE_LIMIT("ipFailureLimit", "Unknown keys per address",
                "0 to 100000. Presentations of unknown or malformed keys one address may make in the window below; "
                        + "then it is answered 429 until the window has passed. 0: no budget.", "20", Kind.NUMBER),
        IP_FAILURE_WINDOW_MINUTES("ipFailureWindowMinutes", "Address window (minutes)",
                "1 to 1440. The window of the budget above.", "5", Kind.NUMBER),
        EXCHANGE_CLIENTS("exchangeClients", "Clients that may exchange keys",
                "Client ids allowed to use the API key grant at the token endpoint. Empty: none.", "", Kind.LIST),
        REQUIRED_HEADERS("requiredHeaders", "Headers required on every use",
                "Request header names every key requires (added to each key's own), at most 20, e.g. "
                        + "X-Actor-User-Id. A use without one, or with it blank, is refused; the values are recorded "
                        + "with the use. Credential and proxy headers (Authorization, Cookie, X-API-Key, Forwarded, "
                        + "X-Forwarded-*…) are refused.", "",
                Kind.LIST),
        CACHE_SECONDS("cacheSeconds", "Cache (seconds)",
                "0 to 300. How long a node keeps a key's record: a rotation's new expiry or a revocation through "
                        + "REST takes effect within this time (a credential removed in a console at once).", "10",
                Kind.NUMBER),
        HASH_SECRET("hashSecret", "Hash secret",
                "A ${vault.name} reference to the secret the key hashes are made with. Empty: the realm's HS512 "
                        + "keys. Changing it invalidates every existing key.", "", Kind.TEXT),
        MAX_KEYS_PER_OWNER("maxKeysPerOwner", "Keys per owner",
                "1 to 1000. Unexpired, unrevoked keys a user or service account may hold.", "20", Kind.NUMBER),
        USER_KEYS("userKeys", "Users create their own keys",
                "Whether users may create keys for themselves in the account console and the account REST. Off: "
                        + "only admins issue keys.", "true", Kind.BOOLEAN);

        private final String key;
        private final String label;
        private final String help;
        private final String defaultValue;
        private final Kind kind;

        Option(String key, String label, String help, String defaultValue, Kind kind) {
            this.key = key;
            this.label = label;
            this.help = help;
            this.defaultValue = defaultValue;
            this.kind = kind;
        }

        @Override
        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        public String help() {
            return help;
        }

        @Override
        public String defaultValue() {
            return defaultValue;
        }

        public Kind kind() {
            return kind;
        }
    }

    public static final ApiKeySettings DEFAULTS = from(Map.of());

    /**
     * Reads a required action's config; a missing or blank option takes its default.
     *
     * @throws IllegalArgumentException naming the option, for a malformed or out-of-range value
     */
    public static ApiKeySettings from(Map<String, String> config) {
        String prefix = OptionValues.text(config, Option.KEY_PREFIX);
        if (!ApiKeyFormat.validPrefix(prefix)) {
            throw OptionValues.refused(Option.KEY_PREFIX, "a lower-case letter then 1 to 15 lower-case letters or digits",
                    prefix);
        }
        int defaultDays = OptionValues.number(config, Option.DEFAULT_EXPIRY_DAYS, 1, MAX_EXPIRY_DAYS);
        int maxDays = OptionValues.number(config, Option.MAX_EXPIRY_DAYS, 1, MAX_EXPIRY_DAYS);
        if (defaultDays > maxDays) {
            throw OptionValues.refused(Option.DEFAULT_EXPIRY_DAYS, "at most " + Option.MAX_EXPIRY_DAYS.key() + " ("
                    + maxDays + ")", String.valueOf(defaultDays));
        }
        String secret = OptionValues.text(config, Option.HASH_SECRET);
        if (!secret.isEmpty() && !(secret.startsWith("${vault.") && secret.endsWith("}") && secret.length() > 9)) {
            // Never quoted: it may be a literal secret pasted by mistake.
            throw OptionValues.refused(Option.HASH_SECRET, "empty or a ${vault.name} reference", null);
        }
        List<String> headers = list(config, Option.REQUIRED_HEADERS);
        for (String h : headers) {
            if (!Headers.allowed(h)) {
                throw OptionValues.refused(Option.REQUIRED_HEADERS, "header names (letters, digits, '-'), not a "
                        + "credential or proxy header", h);
            }
        }
        if (headers.size() > Headers.MAX_HEADERS) {
            throw OptionValues.refused(Option.REQUIRED_HEADERS, "at most " + Headers.MAX_HEADERS + " names", null);
        }
        return new ApiKeySettings(prefix, defaultDays, maxDays,
                Duration.ofHours(OptionValues.number(config, Option.ROTATION_OVERLAP_HOURS, 0, MAX_OVERLAP_HOURS)),
                OptionValues.number(config, Option.RATE_LIMIT_PER_MINUTE, 0, MAX_RATE),
                OptionValues.number(config, Option.IP_FAILURE_LIMIT, 0, MAX_IP_FAILURES),
                Duration.ofMinutes(OptionValues.number(config, Option.IP_FAILURE_WINDOW_MINUTES, 1, MAX_WINDOW_MINUTES)),
                list(config, Option.EXCHANGE_CLIENTS), Headers.canonical(headers),
                Duration.ofSeconds(OptionValues.number(config, Option.CACHE_SECONDS, 0, MAX_CACHE_SECONDS)), secret,
                OptionValues.number(config, Option.MAX_KEYS_PER_OWNER, 1, MAX_KEYS),
                OptionValues.boolIgnoringCase(config, Option.USER_KEYS));
    }

    /**
     * Reads a config that may hold broken values (saved around the admin console's check, e.g. by an import): each
     * valid option is kept, each broken one replaced and described in {@code problems}. The replacement is the
     * safe value where the default would open something: {@code userKeys} false, {@code requiredHeaders} its valid
     * names, {@code maxExpiryDays} the default expiry; otherwise the default.
     */
    public static ApiKeySettings lenient(Map<String, String> config, List<String> problems) {
        Map<String, String> working = new HashMap<>(config == null ? Map.of() : config);
        for (Option o : Option.values()) {
            String value = working.get(o.key());
            if (value == null) {
                continue;
            }
            // Alone, with the other expiry option out of the way: only this option's own value is judged here.
            Map<String, String> alone = new HashMap<>(Map.of(o.key(), value));
            if (o == Option.MAX_EXPIRY_DAYS) {
                alone.put(Option.DEFAULT_EXPIRY_DAYS.key(), "1");
            } else if (o == Option.DEFAULT_EXPIRY_DAYS) {
                alone.put(Option.MAX_EXPIRY_DAYS.key(), String.valueOf(MAX_EXPIRY_DAYS));
            }
            try {
                from(alone);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                switch (o) {
                    case USER_KEYS -> working.put(o.key(), "false");
                    case REQUIRED_HEADERS -> working.put(o.key(), String.join(SEPARATOR, list(Map.of(o.key(), value), o)
                            .stream().filter(Headers::allowed).limit(Headers.MAX_HEADERS).toList()));
                    case MAX_EXPIRY_DAYS -> working.put(o.key(), Option.DEFAULT_EXPIRY_DAYS.defaultValue());
                    default -> working.remove(o.key());
                }
            }
        }
        try {
            return from(working);
        } catch (IllegalArgumentException e) {
            // Each option is valid alone: what is left is the default expiry above the maximum.
            problems.add(e.getMessage());
            working.put(Option.DEFAULT_EXPIRY_DAYS.key(), working.getOrDefault(Option.MAX_EXPIRY_DAYS.key(),
                    Option.MAX_EXPIRY_DAYS.defaultValue()));
            return from(working);
        }
    }

    /** The vault entry name of {@link #hashSecret}, or null when the realm keys are used. */
    public String hashSecretName() {
        return hashSecret.isEmpty() ? null : hashSecret.substring("${vault.".length(), hashSecret.length() - 1);
    }

    /** Whether {@code clientId} may use the API key grant. */
    public boolean exchangeAllowed(String clientId) {
        return clientId != null && exchangeClients.contains(clientId);
    }

    private static List<String> list(Map<String, String> config, Option option) {
        String raw = OptionValues.text(config, option);
        return Arrays.stream(raw.split(SEPARATOR)).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Lower-case under {@link Locale#ROOT}, for comparisons of header names. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
