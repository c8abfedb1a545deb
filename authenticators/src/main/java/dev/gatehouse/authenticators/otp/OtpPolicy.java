package dev.gatehouse.authenticators.otp;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How codes of one channel behave: length, lifetime, attempts, resend cooldown and hourly send budgets.
 * Built from an authenticator's config, falling back to defaults; out-of-range values are refused with the
 * option's name, so an admin's typo never silently weakens a limit.
 */
public record OtpPolicy(int length, Duration ttl, int maxAttempts, Duration resendCooldown,
                        int sendsPerUser, int sendsPerIp, int sendsPerSession, int sendsPerDestination) {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,9}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]{1,40}");

    public static final String LENGTH = "gatehouse.code.length";
    public static final String TTL = "gatehouse.code.ttl";
    public static final String MAX_ATTEMPTS = "gatehouse.code.maxAttempts";
    public static final String RESEND_COOLDOWN = "gatehouse.code.resendCooldown";
    public static final String SENDS_PER_USER = "gatehouse.sends.perUser";
    public static final String SENDS_PER_IP = "gatehouse.sends.perIp";
    public static final String SENDS_PER_SESSION = "gatehouse.sends.perSession";
    public static final String SENDS_PER_DESTINATION = "gatehouse.sends.perDestination";

    /** Budgets are counted per fixed hour. */
    public static final Duration BUDGET_WINDOW = Duration.ofHours(1);

    public static final OtpPolicy SECOND_FACTOR = new OtpPolicy(6, Duration.ofMinutes(5), 3, Duration.ofSeconds(30), 10, 30, 5, 3);
    public static final OtpPolicy PASSWORDLESS = new OtpPolicy(6, Duration.ofMinutes(10), 3, Duration.ofSeconds(30), 10, 30, 5, 3);

    public OtpPolicy {
        require(length >= 4 && length <= 10, LENGTH, "4 to 10 digits");
        require(ttl.toSeconds() >= 30 && ttl.toSeconds() <= 3600, TTL, "30 to 3600 seconds");
        require(maxAttempts >= 1 && maxAttempts <= 10, MAX_ATTEMPTS, "1 to 10");
        require(!resendCooldown.isNegative() && resendCooldown.compareTo(ttl) < 0, RESEND_COOLDOWN, "0 seconds up to less than the lifetime");
        require(sendsPerUser >= 1 && sendsPerUser <= 1000, SENDS_PER_USER, "1 to 1000");
        require(sendsPerIp >= 1 && sendsPerIp <= 10000, SENDS_PER_IP, "1 to 10000");
        require(sendsPerSession >= 1 && sendsPerSession <= 1000, SENDS_PER_SESSION, "1 to 1000");
        require(sendsPerDestination >= 1 && sendsPerDestination <= 1000, SENDS_PER_DESTINATION, "1 to 1000");
    }

    /** The policy an authenticator's config describes; unset or blank options keep the defaults. */
    public static OtpPolicy from(Map<String, String> config, OtpPolicy defaults) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new OtpPolicy(
                integer(c, LENGTH, defaults.length()),
                Duration.ofSeconds(integer(c, TTL, (int) defaults.ttl().toSeconds())),
                integer(c, MAX_ATTEMPTS, defaults.maxAttempts()),
                Duration.ofSeconds(integer(c, RESEND_COOLDOWN, (int) defaults.resendCooldown().toSeconds())),
                integer(c, SENDS_PER_USER, defaults.sendsPerUser()),
                integer(c, SENDS_PER_IP, defaults.sendsPerIp()),
                integer(c, SENDS_PER_SESSION, defaults.sendsPerSession()),
                integer(c, SENDS_PER_DESTINATION, defaults.sendsPerDestination()));
    }

    private static int integer(Map<String, String> config, String key, int fallback) {
        String raw = config.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String v = raw.trim();
        // ASCII digits only: Integer.parseInt would also take fullwidth or Arabic-Indic digits.
        if (!WHOLE_NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException(key + " must be a whole number"
                    + (PRINTABLE.matcher(v).matches() ? ", not '" + v + "'" : ""));
        }
        return Integer.parseInt(v);
    }

    private static void require(boolean ok, String key, String range) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + range);
        }
    }
}
