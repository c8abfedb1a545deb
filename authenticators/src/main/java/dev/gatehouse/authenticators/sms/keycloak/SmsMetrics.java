package dev.gatehouse.authenticators.sms.keycloak;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * SMS codes sent and verified per country on Keycloak's metrics endpoint
 * ({@code gatehouse_sms_codes_sent_total}, {@code gatehouse_sms_codes_verified_total}). A pumping attack shows
 * as many sends and few verifications. The only label is the ISO region of the number, so label values are
 * bounded by the regions libphonenumber knows plus "ZZ"; no realm, user or number.
 */
public final class SmsMetrics {

    /** Two capital letters; anything else is counted as unknown. */
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
    static final String UNKNOWN = "ZZ";

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public SmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sent(String region) {
        counter("gatehouse.sms.codes.sent", "SMS codes handed to the sender", region).increment();
    }

    public void verified(String region) {
        counter("gatehouse.sms.codes.verified", "SMS codes typed correctly", region).increment();
    }

    /** The label value of a region: the region when it is a two-letter code, "ZZ" otherwise. */
    static String label(String region) {
        return region != null && REGION.matcher(region).matches() ? region : UNKNOWN;
    }

    /** One registration per name and country; every code after that is a map lookup. */
    private Counter counter(String name, String description, String region) {
        String country = label(region);
        return counters.computeIfAbsent(name + "|" + country, k -> {
            Counter c = Counter.builder(name).description(description).tag("country", country).register(registry);
            meters.add(c);
            return c;
        });
    }

    void close() {
        meters.forEach(registry::remove);
        meters.clear();
        counters.clear();
    }
}
