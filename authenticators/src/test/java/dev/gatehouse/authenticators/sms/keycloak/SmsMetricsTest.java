package dev.gatehouse.authenticators.sms.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SmsMetricsTest {

    @Test
    void sentAndVerifiedAreCountedPerCountry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SmsMetrics metrics = new SmsMetrics(registry);
        metrics.sent("DE");
        metrics.sent("DE");
        metrics.sent("FR");
        metrics.verified("DE");
        assertEquals(2.0, registry.get("gatehouse.sms.codes.sent").tag("country", "DE").counter().count());
        assertEquals(1.0, registry.get("gatehouse.sms.codes.sent").tag("country", "FR").counter().count());
        assertEquals(1.0, registry.get("gatehouse.sms.codes.verified").tag("country", "DE").counter().count());
    }

    @Test
    void labelsAreBounded() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SmsMetrics metrics = new SmsMetrics(registry);
        for (String odd : new String[] {null, "", "de", "DEU", "+49", "ZZ", "<script>"}) {
            metrics.sent(odd);
        }
        assertEquals(7.0, registry.get("gatehouse.sms.codes.sent").tag("country", "ZZ").counter().count());
        assertEquals(1, registry.find("gatehouse.sms.codes.sent").counters().size());
    }

    @Test
    void closeRemovesTheMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SmsMetrics metrics = new SmsMetrics(registry);
        metrics.sent("US");
        metrics.close();
        assertTrue(registry.getMeters().isEmpty());
    }
}
