package dev.gatehouse.authenticators.trust;

import java.time.Duration;
import java.util.Map;

import dev.gatehouse.authenticators.config.OptionValues;

/**
 * The options of the step {@code gatehouse-trust-device}: what a new trust gets. Plain Java.
 *
 * @param lifetime       how long a new trust lasts ({@link TrustOption#DAYS})
 * @param preselected    whether the checkbox starts ticked
 * @param maxDevices     trusted browsers per user; one more removes the oldest
 * @param bindUserAgent  store the browser family and require it on use
 * @param bindNetwork    store the network prefix (/24, /48) and require it on use
 */
public record TrustSettings(Duration lifetime, boolean preselected, int maxDevices, boolean bindUserAgent,
                            boolean bindNetwork) {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 365;
    public static final int MIN_DEVICES = 1;
    public static final int MAX_DEVICES = 100;

    public static final TrustSettings DEFAULTS = from(Map.of());

    /**
     * Reads an execution's config; a missing key takes its default. Booleans are {@code true} or {@code false}
     * (any case), numbers ASCII digits; surrounding blanks are ignored.
     *
     * @throws IllegalArgumentException naming the key, for a value out of range or not a number/boolean
     */
    public static TrustSettings from(Map<String, String> config) {
        return new TrustSettings(Duration.ofDays(OptionValues.number(config, TrustOption.DAYS, MIN_DAYS, MAX_DAYS)),
                OptionValues.boolIgnoringCase(config, TrustOption.PRESELECTED),
                OptionValues.number(config, TrustOption.MAX_DEVICES, MIN_DEVICES, MAX_DEVICES),
                OptionValues.boolIgnoringCase(config, TrustOption.BIND_USER_AGENT),
                OptionValues.boolIgnoringCase(config, TrustOption.BIND_NETWORK));
    }
}
