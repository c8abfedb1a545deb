package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

class PassPlanTest {

    static Destination webhook(long timeout) throws DestinationConfigException {
        Map<String, String> c = DestinationTest.webhook("https://siem.example.com/hook");
        c.put("timeoutMillis", String.valueOf(timeout));
        return Destination.parse("w", "n", c);
    }

    static Destination mail(String emails) throws DestinationConfigException {
        return Destination.parse("m", "n", Map.of("type", "email", "emails", emails));
    }

    @Test
    void eachAttemptHasTheDestinationsDeadlineAndMailOnePerAddress() throws Exception {
        assertEquals(10_000, PassPlan.attemptMillis(webhook(10_000)));
        assertEquals(2 * PassPlan.MAIL_ADDRESS_MILLIS, PassPlan.attemptMillis(mail("a@example.com, b@example.com")));
    }

    @Test
    void leasesCoverEveryDeadlineUpToTheRowPlusTheMargin() throws Exception {
        PassPlan plan = new PassPlan(1_000, 60_000, 30_000);
        assertEquals(1_000 + 10_000 + 30_000, plan.add(webhook(10_000)));
        assertEquals(1_000 + 20_000 + 30_000, plan.add(webhook(10_000)));
        assertEquals(1_000 + 20_000 + PassPlan.MAIL_ADDRESS_MILLIS + 30_000, plan.add(mail("a@example.com")));
    }

    @Test
    void aPassStopsClaimingOnceItsBudgetIsSpentButAlwaysTakesOneRow() throws Exception {
        PassPlan plan = new PassPlan(0, 25_000, 30_000);
        Destination slow = webhook(60_000);
        assertTrue(plan.fits(slow), "a row bigger than the budget still gets its own pass");
        plan.add(slow);
        assertFalse(plan.fits(webhook(100)));
        PassPlan other = new PassPlan(0, 25_000, 30_000);
        other.add(webhook(10_000));
        other.add(webhook(10_000));
        assertTrue(other.fits(webhook(5_000)));
        assertFalse(other.fits(webhook(5_001)));
    }

    @Test
    void errorsAreCoarseCategoriesThatMapNoNetwork() {
        assertEquals("connect failed", DeliveryError.of(new ConnectException("Connection refused to 10.0.0.5:8443")));
        assertEquals("connect failed", DeliveryError.of(new UnknownHostException("internal.svc")));
        assertEquals("timeout", DeliveryError.of(new SocketTimeoutException("Read timed out")));
        assertEquals("TLS", DeliveryError.of(new SSLHandshakeException("PKIX path building failed")));
        assertEquals("failed", DeliveryError.of(new IllegalStateException("x")));
        assertEquals("HTTP 4xx", DeliveryError.http(404));
        assertEquals("HTTP 5xx", DeliveryError.http(503));
    }
}
