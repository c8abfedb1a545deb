package dev.gatehouse.audit.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.Severity;

/**
 * One alert destination, parsed and validated from its configuration (a component's config in Keycloak, flattened
 * to one value per key). Options are declared in {@link DestinationOption}.
 *
 * @param secret the configured value: a literal or a {@code ${vault.…}} reference (resolved by the sender)
 */
public record Destination(String id, String name, Type type, List<String> emails, URI url, String secret, Severity minSeverity,
                          Set<String> rules, boolean enabled, int maxFailures, int timeoutMillis, Backoff backoff) {

    public enum Type {
        EMAIL, WEBHOOK
    }

    public static final int MAX_EMAILS = 20;
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_MAX_FAILURES = 10_000;
    public static final int MAX_TIMEOUT_MILLIS = 60_000;
    static final long MAX_BACKOFF_MILLIS = 86_400_000L;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"()\\[\\]\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.)*[A-Za-z0-9-]{1,63}");
    /** Webhook secrets may name only vault entries with this prefix (the realm's other vault secrets stay out of reach). */
    public static final String VAULT_PREFIX = "gatehouse-webhook-";
    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\." + VAULT_PREFIX + "[^}\\s]+}");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    /** Does this destination take the alert (ignoring whether it is enabled)? */
    public boolean accepts(Alert alert) {
        return alert.severity() != null && alert.severity().atLeast(minSeverity) && (rules.isEmpty() || rules.contains(alert.rule()));
    }

    /** Never the secret: a record's default toString would print it into any log line that shows a destination. */
    @Override
    public String toString() {
        return "Destination[" + id + ", " + type.name().toLowerCase(Locale.ROOT) + "]";
    }

    public static boolean isVaultReference(String value) {
        return value != null && VAULT_REFERENCE.matcher(value).matches();
    }

    /** Parses and validates; every refusal names its field. */
    public static Destination parse(String id, String name, Map<String, String> config) throws DestinationConfigException {
        String typeText = value(config, DestinationOption.TYPE);
        Type type = switch (typeText == null ? "" : typeText.toLowerCase(Locale.ROOT)) {
            case "email" -> Type.EMAIL;
            case "webhook" -> Type.WEBHOOK;
            default -> throw new DestinationConfigException(DestinationOption.TYPE.key(), "must be email or webhook");
        };
        List<String> emails = List.of();
        URI url = null;
        String secret = null;
        if (type == Type.EMAIL) {
            emails = emails(value(config, DestinationOption.EMAILS));
        } else {
            url = url(value(config, DestinationOption.URL));
            secret = secret(value(config, DestinationOption.SECRET));
        }
        Severity min = severity(value(config, DestinationOption.MIN_SEVERITY));
        Set<String> rules = list(value(config, DestinationOption.RULES)).stream().collect(Collectors.toUnmodifiableSet());
        boolean enabled = bool(DestinationOption.ENABLED, value(config, DestinationOption.ENABLED));
        int maxFailures = (int) number(DestinationOption.MAX_FAILURES, value(config, DestinationOption.MAX_FAILURES), 1, MAX_MAX_FAILURES);
        int timeout = (int) number(DestinationOption.TIMEOUT, value(config, DestinationOption.TIMEOUT), 100, MAX_TIMEOUT_MILLIS);
        long base = number(DestinationOption.BACKOFF_BASE, value(config, DestinationOption.BACKOFF_BASE), 10, MAX_BACKOFF_MILLIS);
        long cap = number(DestinationOption.BACKOFF_CAP, value(config, DestinationOption.BACKOFF_CAP), base, MAX_BACKOFF_MILLIS);
        Backoff.Jitter jitter = Backoff.Jitter.parse(value(config, DestinationOption.JITTER));
        if (jitter == null) {
            throw new DestinationConfigException(DestinationOption.JITTER.key(), "must be one of " + DestinationOption.JITTER.choices());
        }
        return new Destination(id, name, type, emails, url, secret, min, rules, enabled, maxFailures, timeout, new Backoff(base, cap, jitter));
    }

    /** The configured value, or the option's default when missing or blank. */
    private static String value(Map<String, String> config, DestinationOption option) {
        String v = config.get(option.key());
        return v == null || v.isBlank() ? option.defaultValue() : v.trim();
    }

    private static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static List<String> emails(String text) throws DestinationConfigException {
        String field = DestinationOption.EMAILS.key();
        List<String> all = list(text);
        if (all.isEmpty()) {
            throw new DestinationConfigException(field, "an email destination needs at least one address");
        }
        if (all.size() > MAX_EMAILS) {
            throw new DestinationConfigException(field, "at most " + MAX_EMAILS + " addresses");
        }
        for (String a : all) {
            if (!EMAIL.matcher(a).matches()) {
                throw new DestinationConfigException(field, "not an email address (one of the list)");
            }
        }
        return all;
    }

    /**
     * https, or http to a loopback host only: the body carries security alerts and the signed time, which a
     * network observer should neither read nor capture. No user info: credentials in a URL end up in logs.
     */
    private static URI url(String text) throws DestinationConfigException {
        String field = DestinationOption.URL.key();
        if (text == null) {
            throw new DestinationConfigException(field, "a webhook destination needs a URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new DestinationConfigException(field, "not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new DestinationConfigException(field, "must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new DestinationConfigException(field, "must not hold a user or password (use the signing secret)");
        }
        if (uri.getRawFragment() != null) {
            throw new DestinationConfigException(field, "must not have a fragment");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new DestinationConfigException(field, "must use https (plain http only to localhost, 127.0.0.0/8 or [::1])");
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1")
                || (IPV4_LOOPBACK.matcher(h).matches() && Arrays.stream(h.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255));
    }

    private static String secret(String text) throws DestinationConfigException {
        String field = DestinationOption.SECRET.key();
        if (text == null) {
            throw new DestinationConfigException(field, "a webhook destination needs a signing secret");
        }
        if (text.startsWith("${") && !isVaultReference(text)) {
            throw new DestinationConfigException(field, "a vault reference looks like ${vault." + VAULT_PREFIX + "name}");
        }
        if (!isVaultReference(text) && text.length() < MIN_SECRET_LENGTH) {
            throw new DestinationConfigException(field, "at least " + MIN_SECRET_LENGTH + " characters (or a ${vault." + VAULT_PREFIX + "name} reference)");
        }
        return text;
    }

    private static Severity severity(String text) throws DestinationConfigException {
        for (Severity s : Severity.values()) {
            if (s.name().equals(text.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new DestinationConfigException(DestinationOption.MIN_SEVERITY.key(), "must be INFO, WARNING or CRITICAL");
    }

    private static boolean bool(DestinationOption option, String text) throws DestinationConfigException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new DestinationConfigException(option.key(), "must be true or false");
        };
    }

    private static long number(DestinationOption option, String text, long min, long max) throws DestinationConfigException {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > max) {
            throw new DestinationConfigException(option.key(), "must be a whole number from " + min + " to " + max);
        }
        return v;
    }
}
