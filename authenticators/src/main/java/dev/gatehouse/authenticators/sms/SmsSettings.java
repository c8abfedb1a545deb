package dev.gatehouse.authenticators.sms;

import java.util.Map;
import java.util.Set;

/**
 * A realm's SMS settings, parsed from the {@link SmsOption}s (secrets already resolved from the vault). Parsing
 * refuses bad values with the option's key and never quotes a secret.
 *
 * <p>CONTRACT (skeleton): the sms-core lane fills in {@link #from}; field names are fixed.
 */
public record SmsSettings(String sender,
                          String twilioAccountSid, String twilioApiKeySid, String twilioSecret,
                          String twilioFrom, String twilioMessagingServiceSid, String twilioVerifyServiceSid,
                          String twilioApiUrl, String twilioVerifyUrl,
                          String defaultRegion, Set<String> allowedCountries, Set<String> allowedNumberTypes,
                          boolean oneAccountPerNumber,
                          int dailyPerDestination, int dailyPerIp, int dailyPerUser, int dailyPerCountry,
                          int dailyRealmCap, int delayBaseSeconds) {

    /** Parses {@code config} (keys of {@link SmsOption}); unset or blank options take their defaults. */
    public static SmsSettings from(Map<String, String> config) {
        throw new UnsupportedOperationException("sms-core lane");
    }
}
