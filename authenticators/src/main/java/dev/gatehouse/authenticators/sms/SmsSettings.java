package dev.gatehouse.authenticators.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import static dev.gatehouse.authenticators.config.OptionValues.bool;
import static dev.gatehouse.authenticators.config.OptionValues.number;
import static dev.gatehouse.authenticators.config.OptionValues.refused;
import static dev.gatehouse.authenticators.config.OptionValues.text;

/**
 * A realm's SMS settings, parsed from the {@link SmsOption}s (secrets already resolved from the vault). Parsing
 * refuses bad values with the option's key and never quotes a secret.
 */
public record SmsSettings(String sender,
                          String twilioAccountSid, String twilioApiKeySid, String twilioSecret,
                          String twilioFrom, String twilioMessagingServiceSid, String twilioVerifyServiceSid,
                          String twilioApiUrl, String twilioVerifyUrl,
                          String defaultRegion, Set<String> allowedCountries, Set<String> allowedNumberTypes,
                          boolean oneAccountPerNumber,
                          int dailyPerDestination, int dailyPerIp, int dailyPerUser, int dailyPerCountry,
                          int dailyRealmCap, int delayBaseSeconds) {

    public static final String SENDER_TWILIO = "twilio";
    public static final String SENDER_TWILIO_VERIFY = "twilio-verify";
    public static final String SENDER_DEV = "dev";

    private static final Set<String> SENDERS = Set.of("", SENDER_TWILIO, SENDER_TWILIO_VERIFY, SENDER_DEV);
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z_]{1,40}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{1,256}");
    /** Scheme, host and optional port and plain path: nothing that could smuggle a query, a user or a fragment in. */
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]{1,255}(/[A-Za-z0-9._~\\-/]{0,200})?");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");
    private static final Set<String> NUMBER_TYPES = enumNames();

    /** Every option at its default: SMS codes unavailable (no sender). */
    public static final SmsSettings DEFAULTS = from(Map.of());

    public SmsSettings {
        allowedCountries = allowedCountries == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(allowedCountries));
        allowedNumberTypes = allowedNumberTypes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(allowedNumberTypes));
    }

    /** Parses {@code config} (keys of {@link SmsOption}); unset or blank options take their defaults. */
    public static SmsSettings from(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        String sender = text(c, SmsOption.SENDER);
        if (!SENDERS.contains(sender)) {
            throw refused(SmsOption.SENDER, "one of twilio, twilio-verify, dev or empty", sender);
        }
        String accountSid = sid(c, SmsOption.TWILIO_ACCOUNT_SID, "AC");
        String apiKeySid = sid(c, SmsOption.TWILIO_API_KEY_SID, "SK");
        String secret = secret(c);
        String from = text(c, SmsOption.TWILIO_FROM);
        if (!from.isEmpty() && !E164.matcher(from).matches()) {
            throw refused(SmsOption.TWILIO_FROM, "a number in E.164 form (+ and up to 15 digits)", from);
        }
        String messagingServiceSid = sid(c, SmsOption.TWILIO_MESSAGING_SERVICE_SID, "MG");
        String verifyServiceSid = sid(c, SmsOption.TWILIO_VERIFY_SERVICE_SID, "VA");
        String apiUrl = url(c, SmsOption.TWILIO_API_URL);
        String verifyUrl = url(c, SmsOption.TWILIO_VERIFY_URL);
        String defaultRegion = region(SmsOption.DEFAULT_REGION, text(c, SmsOption.DEFAULT_REGION));
        Set<String> countries = new LinkedHashSet<>();
        for (String r : list(c, SmsOption.ALLOWED_COUNTRIES)) {
            countries.add(region(SmsOption.ALLOWED_COUNTRIES, r));
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : list(c, SmsOption.ALLOWED_NUMBER_TYPES)) {
            String name = TYPE.matcher(t).matches() ? t.toUpperCase(Locale.ROOT) : t;
            if (!NUMBER_TYPES.contains(name)) {
                throw refused(SmsOption.ALLOWED_NUMBER_TYPES, "libphonenumber type names such as MOBILE", t);
            }
            types.add(name);
        }
        if (types.isEmpty()) {
            throw refused(SmsOption.ALLOWED_NUMBER_TYPES, "at least one number type", null);
        }
        if (sender.equals(SENDER_TWILIO) || sender.equals(SENDER_TWILIO_VERIFY)) {
            require(!accountSid.isEmpty(), SmsOption.TWILIO_ACCOUNT_SID, "set for the " + sender + " sender");
            require(!secret.isEmpty(), SmsOption.TWILIO_SECRET, "set for the " + sender + " sender");
        }
        if (sender.equals(SENDER_TWILIO)) {
            require(!from.isEmpty() || !messagingServiceSid.isEmpty(), SmsOption.TWILIO_FROM,
                    "set (or " + SmsOption.TWILIO_MESSAGING_SERVICE_SID.key() + ") for the twilio sender");
        }
        if (sender.equals(SENDER_TWILIO_VERIFY)) {
            require(!verifyServiceSid.isEmpty(), SmsOption.TWILIO_VERIFY_SERVICE_SID, "set for the twilio-verify sender");
        }
        return new SmsSettings(sender, accountSid, apiKeySid, secret, from, messagingServiceSid, verifyServiceSid,
                apiUrl, verifyUrl, defaultRegion, countries, types,
                bool(c, SmsOption.ONE_ACCOUNT_PER_NUMBER),
                number(c, SmsOption.DAILY_PER_DESTINATION, 1, 100_000),
                number(c, SmsOption.DAILY_PER_IP, 1, 100_000),
                number(c, SmsOption.DAILY_PER_USER, 1, 100_000),
                number(c, SmsOption.DAILY_PER_COUNTRY, 1, 100_000),
                number(c, SmsOption.DAILY_REALM_CAP, 1, 100_000),
                number(c, SmsOption.DELAY_BASE, 0, 3600));
    }

    /** The regions whose numbers may enrol and receive codes: the allowlist, or the default region when it is empty. */
    public Set<String> effectiveCountries() {
        return allowedCountries.isEmpty() ? Set.of(defaultRegion) : allowedCountries;
    }

    /** Never shows the secret, only whether one is set. */
    @Override
    public String toString() {
        return "SmsSettings[sender=" + sender + ", twilioAccountSid=" + twilioAccountSid + ", twilioApiKeySid=" + twilioApiKeySid
                + ", twilioSecret=" + (twilioSecret == null || twilioSecret.isEmpty() ? "(unset)" : "(set)")
                + ", twilioFrom=" + twilioFrom + ", twilioMessagingServiceSid=" + twilioMessagingServiceSid
                + ", twilioVerifyServiceSid=" + twilioVerifyServiceSid + ", twilioApiUrl=" + twilioApiUrl
                + ", twilioVerifyUrl=" + twilioVerifyUrl + ", defaultRegion=" + defaultRegion
                + ", allowedCountries=" + allowedCountries + ", allowedNumberTypes=" + allowedNumberTypes
                + ", oneAccountPerNumber=" + oneAccountPerNumber + ", dailyPerDestination=" + dailyPerDestination
                + ", dailyPerIp=" + dailyPerIp + ", dailyPerUser=" + dailyPerUser + ", dailyPerCountry=" + dailyPerCountry
                + ", dailyRealmCap=" + dailyRealmCap + ", delayBaseSeconds=" + delayBaseSeconds + "]";
    }

    private static String[] list(Map<String, String> c, SmsOption option) {
        String v = text(c, option);
        return v.isEmpty() ? new String[0] : java.util.Arrays.stream(v.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static String sid(Map<String, String> c, SmsOption option, String prefix) {
        String v = text(c, option);
        // The SIDs become URL path segments: only their documented shape may get there.
        if (!v.isEmpty() && !v.matches(prefix + "[0-9a-fA-F]{32}")) {
            throw refused(option, prefix + " followed by 32 hexadecimal digits", v);
        }
        return v;
    }

    private static String secret(Map<String, String> c) {
        String v = text(c, SmsOption.TWILIO_SECRET);
        // Never quoted: the message says what is wrong, not what was typed.
        if (!v.isEmpty() && !SECRET.matcher(v).matches()) {
            throw new IllegalArgumentException(SmsOption.TWILIO_SECRET.key()
                    + " must be printable ASCII without spaces, at most 256 characters");
        }
        return v;
    }

    private static String url(Map<String, String> c, SmsOption option) {
        String v = text(c, option);
        String problem = "an https URL (scheme, host, optional port and path), or http to 127.0.0.1, [::1] or localhost";
        if (!URL.matcher(v).matches()) {
            throw refused(option, problem, v);
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw refused(option, problem, v);
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getPort() == 0 || uri.getPort() > 65535 || !(uri.getScheme().equals("https")
                || uri.getScheme().equals("http") && LOOPBACK.contains(host.toLowerCase(Locale.ROOT)))) {
            throw refused(option, problem, v);
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    private static String region(SmsOption option, String v) {
        String code = REGION.matcher(v).matches() ? v.toUpperCase(Locale.ROOT) : v;
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(code)) {
            throw refused(option, "ISO 3166 region codes such as US or DE", v);
        }
        return code;
    }

    private static void require(boolean ok, SmsOption option, String what) {
        if (!ok) {
            throw new IllegalArgumentException(option.key() + " must be " + what);
        }
    }

    private static Set<String> enumNames() {
        Set<String> names = new LinkedHashSet<>();
        for (PhoneNumberUtil.PhoneNumberType t : PhoneNumberUtil.PhoneNumberType.values()) {
            names.add(t.name());
        }
        return Set.copyOf(names);
    }
}
