package dev.gatehouse.authenticators.sms.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.SendOutcome;
import dev.gatehouse.authenticators.otp.keycloak.CodeChannel;
import dev.gatehouse.authenticators.otp.keycloak.CodeStep;
import dev.gatehouse.authenticators.sms.PhoneNumbers;
import dev.gatehouse.authenticators.sms.PumpingGuard;
import dev.gatehouse.authenticators.sms.SmsResult;

class SmsChannelTest {

    @Test
    void onlyAnAcceptedMessageCountsAsSent() {
        assertEquals(CodeChannel.Delivery.SENT, SmsChannel.delivery(SmsResult.SENT));
        for (SmsResult.Outcome o : SmsResult.Outcome.values()) {
            if (o != SmsResult.Outcome.SENT) {
                CodeChannel.Delivery d = SmsChannel.delivery(new SmsResult(o, null));
                assertEquals(SendOutcome.FAILED, d.outcome(), o.name());
                assertFalse(d.sent());
            }
        }
        assertEquals(SendOutcome.FAILED, SmsChannel.delivery(null).outcome());
    }

    @Test
    void twiliosErrorCodeGoesIntoTheEvent() {
        CodeChannel.Delivery d = SmsChannel.delivery(new SmsResult(SmsResult.Outcome.OPTED_OUT, "21610"));
        assertEquals(Map.of(SmsChannel.EVENT_PROVIDER_CODE, "21610", SmsChannel.EVENT_RESULT, "opted_out"), d.details());
        CodeChannel.Delivery timeout = SmsChannel.delivery(new SmsResult(SmsResult.Outcome.UNAVAILABLE, null));
        assertEquals(Map.of(SmsChannel.EVENT_RESULT, "unavailable"), timeout.details());
    }

    @Test
    void pumpingRefusalsAreNamedBudgets() {
        assertEquals("sms_destination_daily", SmsChannel.budgetId(PumpingGuard.Refusal.DESTINATION));
        assertEquals("sms_ip_daily", SmsChannel.budgetId(PumpingGuard.Refusal.IP));
        assertEquals("sms_user_daily", SmsChannel.budgetId(PumpingGuard.Refusal.USER));
        assertEquals("sms_country_daily", SmsChannel.budgetId(PumpingGuard.Refusal.COUNTRY));
        assertEquals("sms_realm_daily", SmsChannel.budgetId(PumpingGuard.Refusal.REALM));
        assertEquals("sms_delay", SmsChannel.budgetId(PumpingGuard.Refusal.DELAY));
        assertEquals("budget", CodeStep.EVENT_BUDGET.substring("gatehouse_".length()));
    }

    @Test
    void everyMessageHasItsOwnSmsKey() {
        SmsChannel channel = new SmsChannel(null, null, null);
        Set<String> keys = new HashSet<>();
        for (CodeMessage m : CodeMessage.values()) {
            String key = channel.messageKey(m);
            assertTrue(key.startsWith("gatehouse-smsCode"), key);
            keys.add(key);
        }
        assertEquals(CodeMessage.values().length, keys.size());
        for (PhoneNumbers.Refusal r : PhoneNumbers.Refusal.values()) {
            assertTrue(SmsChannel.refusalKey(r).startsWith("gatehouse-smsCode"));
        }
        assertEquals(3, Arrays.stream(PhoneNumbers.Refusal.values()).map(SmsChannel::refusalKey).distinct().count());
    }

    @Test
    void withoutSettingsNothingIsAvailableOrRemote() {
        SmsChannel channel = new SmsChannel(null, null, null);
        assertEquals("sms", channel.id());
        assertFalse(channel.available(null));
        assertNull(channel.remoteMatcher(null, null, "+4915112345678"));
        channel.verified("+4915112345678"); // no metrics: nothing to count, no failure
    }

    @Test
    void aDeliveryIsOnlyOneOfTheFourSendOutcomes() {
        assertThrows(IllegalArgumentException.class, () -> new CodeChannel.Delivery(SendOutcome.REUSED, Map.of()));
        assertEquals(SendOutcome.THROTTLED, new CodeChannel.Delivery(SendOutcome.THROTTLED, Map.of("k", "v")).outcome());
    }
}
