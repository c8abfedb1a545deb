package dev.gatehouse.authenticators.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.otp.Counters;
import dev.gatehouse.authenticators.otp.MemoryCounters;
import dev.gatehouse.authenticators.otp.MemoryStore;
import dev.gatehouse.authenticators.otp.SendBudget;
import dev.gatehouse.authenticators.otp.SlotCounters;
import dev.gatehouse.authenticators.sms.PumpingGuard.Refusal;
import dev.gatehouse.authenticators.sms.PumpingGuard.Send;
import dev.gatehouse.authenticators.sms.PumpingGuard.Verdict;

class PumpingGuardTest {

    static final String BOB = "+4915123456789";
    static final String EVE = "+4915199999999";
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    final MemoryCounters counters = new MemoryCounters();

    static SmsSettings settings(String... keyValues) {
        Map<String, String> c = new HashMap<>();
        c.put(SmsOption.DELAY_BASE.key(), "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put(keyValues[i], keyValues[i + 1]);
        }
        return SmsSettings.from(c);
    }

    static Send send(String user, String ip, String e164) {
        return new Send("realm-1", user, ip, e164, PhoneNumbers.regionOf(e164));
    }

    static Verdict allowed() {
        return new Verdict(null, 0);
    }

    static Verdict refused(Refusal why) {
        return new Verdict(why, 0);
    }

    /** Sends {@code n} times a second apart from {@code start}, each must be allowed. */
    static void sendAllowed(PumpingGuard guard, Send s, int n, Instant start) {
        for (int i = 0; i < n; i++) {
            assertEquals(allowed(), guard.tryConsume(s, start.plusSeconds(i)), "send " + (i + 1));
        }
    }

    @Test
    void perDestinationBudgetAcrossUsersAndIps() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_DESTINATION.key(), "3"));
        for (int i = 0; i < 3; i++) {
            assertEquals(allowed(), guard.tryConsume(send("u" + i, "10.0.0." + i, BOB), T0));
        }
        assertEquals(refused(Refusal.DESTINATION), guard.tryConsume(send("u9", "10.0.0.9", BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send("u9", "10.0.0.9", EVE), T0));
    }

    @Test
    void perIpBudget() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_IP.key(), "2"));
        assertEquals(allowed(), guard.tryConsume(send("u1", "10.0.0.1", BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send("u2", "10.0.0.1", EVE), T0));
        assertEquals(refused(Refusal.IP), guard.tryConsume(send("u3", "10.0.0.1", "+4915100000003"), T0));
        assertEquals(allowed(), guard.tryConsume(send("u3", "10.0.0.2", "+4915100000003"), T0));
    }

    @Test
    void perUserBudget() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_USER.key(), "2"));
        assertEquals(allowed(), guard.tryConsume(send("u1", "10.0.0.1", BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send("u1", "10.0.0.2", BOB), T0));
        assertEquals(refused(Refusal.USER), guard.tryConsume(send("u1", "10.0.0.3", EVE), T0));
        assertEquals(allowed(), guard.tryConsume(send("u2", "10.0.0.3", EVE), T0));
    }

    @Test
    void perCountryBudget() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_COUNTRY.key(), "2"));
        assertEquals(allowed(), guard.tryConsume(send("u1", "10.0.0.1", "+4915100000001"), T0));
        assertEquals(allowed(), guard.tryConsume(send("u2", "10.0.0.2", "+4915100000002"), T0));
        assertEquals(refused(Refusal.COUNTRY), guard.tryConsume(send("u3", "10.0.0.3", "+4915100000003"), T0));
        assertEquals(allowed(), guard.tryConsume(send("u3", "10.0.0.3", "+33612345678"), T0));
    }

    @Test
    void realmCap() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_REALM_CAP.key(), "2"));
        assertEquals(allowed(), guard.tryConsume(send("u1", "10.0.0.1", BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send("u2", "10.0.0.2", "+33612345678"), T0));
        assertEquals(refused(Refusal.REALM), guard.tryConsume(send("u3", "10.0.0.3", "+16502530000"), T0));
        // Another realm has its own cap.
        assertEquals(allowed(), guard.tryConsume(new Send("realm-2", "u3", "10.0.0.3", "+16502530000", "US"), T0));
    }

    @Test
    void missingUserAndIpSkipTheirBudgets() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_USER.key(), "1", SmsOption.DAILY_PER_IP.key(), "1"));
        assertEquals(allowed(), guard.tryConsume(send(null, null, BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send(null, null, EVE), T0));
    }

    @Test
    void aRefusedRequesterSpendsNothingOfTheNumbersBudget() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_IP.key(), "1",
                SmsOption.DAILY_PER_DESTINATION.key(), "2", SmsOption.DAILY_PER_USER.key(), "1"));
        assertEquals(allowed(), guard.tryConsume(send("stranger", "203.0.113.7", "+4915100000001"), T0));
        Map<String, Integer> before = new HashMap<>(counters.taken);
        // The stranger's IP is spent: a hundred tries on bob's number take nothing from bob, his country or the realm.
        for (int i = 0; i < 100; i++) {
            assertEquals(refused(Refusal.IP), guard.tryConsume(send("stranger-" + i, "203.0.113.7", BOB), T0));
        }
        // Over its user budget from another IP: refused before the number too.
        assertEquals(refused(Refusal.USER), guard.tryConsume(send("stranger", "203.0.113.8", BOB), T0));
        before.put(PumpingGuard.PREFIX + "realm-1:" + T0.getEpochSecond() / 86400 + ":ip:" + SendBudget.sha256("203.0.113.8"), 1);
        assertEquals(before, counters.taken);
        assertEquals(allowed(), guard.tryConsume(send("bob", "198.51.100.1", BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send("bob2", "198.51.100.2", BOB), T0));
    }

    @Test
    void aRefusalTakesNothingAfterIt() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_COUNTRY.key(), "1"));
        assertEquals(allowed(), guard.tryConsume(send("u1", "10.0.0.1", "+4915100000001"), T0));
        assertEquals(refused(Refusal.COUNTRY), guard.tryConsume(send("u2", "10.0.0.2", "+4915100000002"), T0));
        assertEquals(1, counters.taken.entrySet().stream().filter(e -> e.getKey().endsWith(":realm")).findFirst().orElseThrow().getValue());
    }

    @Test
    void growingDelayDoublesPerSendUpToAnHour() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "30",
                SmsOption.DAILY_PER_DESTINATION.key(), "100", SmsOption.DAILY_PER_USER.key(), "100"));
        Send s = send("bob", "10.0.0.1", BOB);
        Instant t = T0;
        assertEquals(allowed(), guard.tryConsume(s, t));
        long[] gaps = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, 3600, 3600, 3600};
        for (long gap : gaps) {
            assertEquals(new Verdict(Refusal.DELAY, gap), guard.tryConsume(s, t), "right after the previous send");
            assertEquals(new Verdict(Refusal.DELAY, 1), guard.tryConsume(s, t.plusSeconds(gap - 1)));
            t = t.plusSeconds(gap);
            assertEquals(allowed(), guard.tryConsume(s, t), "after " + gap + " s");
        }
    }

    @Test
    void aDelayedSendSpendsNothing() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "30"));
        Send s = send("bob", "10.0.0.1", BOB);
        assertEquals(allowed(), guard.tryConsume(s, T0));
        Map<String, Integer> before = new HashMap<>(counters.taken);
        for (int i = 0; i < 20; i++) {
            assertEquals(new Verdict(Refusal.DELAY, 30 - i), guard.tryConsume(s, T0.plusSeconds(i)));
        }
        assertEquals(before, counters.taken);
    }

    @Test
    void delayIsPerNumberAndOffAtZero() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "30"));
        assertEquals(allowed(), guard.tryConsume(send("bob", "10.0.0.1", BOB), T0));
        assertEquals(allowed(), guard.tryConsume(send("bob", "10.0.0.1", EVE), T0));
        PumpingGuard off = new PumpingGuard(new MemoryCounters(), settings(SmsOption.DELAY_BASE.key(), "0"));
        sendAllowed(off, send("bob", "10.0.0.1", BOB), 10, T0);
    }

    @Test
    void aRefusedSendDoesNotGrowTheDelay() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "30", SmsOption.DAILY_PER_IP.key(), "1"));
        assertEquals(allowed(), guard.tryConsume(send("bob", "10.0.0.1", BOB), T0));
        // A stranger's refused sends to bob's number (its IP is spent) are not logged as sends to it.
        for (int i = 0; i < 5; i++) {
            assertEquals(refused(Refusal.IP), guard.tryConsume(send("eve", "10.0.0.1", BOB), T0.plusSeconds(60 + i)));
        }
        assertEquals(allowed(), guard.tryConsume(send("bob", "10.0.0.2", BOB), T0.plusSeconds(30)));
        assertEquals(new Verdict(Refusal.DELAY, 60), guard.tryConsume(send("bob", "10.0.0.3", BOB), T0.plusSeconds(30)));
    }

    @Test
    void budgetsAndDelaysStartAgainOnTheNextUtcDay() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "600",
                SmsOption.DAILY_PER_DESTINATION.key(), "2"));
        Send s = send("bob", "10.0.0.1", BOB);
        Instant lateEvening = Instant.parse("2026-11-30T23:00:00Z");
        assertEquals(allowed(), guard.tryConsume(s, lateEvening));
        assertEquals(allowed(), guard.tryConsume(s, lateEvening.plusSeconds(600)));
        // Waited out the 1200 s gap, but the number's day is spent.
        assertEquals(refused(Refusal.DESTINATION), guard.tryConsume(s, lateEvening.plusSeconds(1800)));
        Instant midnight = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(allowed(), guard.tryConsume(s, midnight));
        assertEquals(new Verdict(Refusal.DELAY, 600), guard.tryConsume(s, midnight));
    }

    @Test
    void aSendWhoseTimeIsStillBeingLoggedCountsAsJustNow() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "30"));
        Send s = send("bob", "10.0.0.1", BOB);
        assertEquals(allowed(), guard.tryConsume(s, T0));
        // Another node has logged send 2 but not yet its time.
        String entry2 = counters.taken.keySet().stream().filter(k -> k.endsWith(":1")).findFirst().orElseThrow();
        counters.taken.put(entry2.substring(0, entry2.length() - 1) + "2", 1);
        assertEquals(new Verdict(Refusal.DELAY, 60), guard.tryConsume(s, T0.plusSeconds(3000)));
    }

    @Test
    void keysHoldNoNumberIpOrUserInClear() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DELAY_BASE.key(), "30"));
        guard.tryConsume(new Send("realm-1", "user-42", "203.0.113.7", BOB, "DE"), T0);
        for (String key : counters.taken.keySet()) {
            assertTrue(key.startsWith(PumpingGuard.PREFIX + "realm-1:"), key);
            assertFalse(key.contains("15123456789") || key.contains("203.0.113") || key.contains("user-42"), key);
        }
    }

    @Test
    void oddRegionsCountAsUnknown() {
        PumpingGuard guard = new PumpingGuard(counters, settings(SmsOption.DAILY_PER_COUNTRY.key(), "1"));
        assertEquals(allowed(), guard.tryConsume(new Send("r", null, null, BOB, "de\n"), T0));
        assertEquals(refused(Refusal.COUNTRY), guard.tryConsume(new Send("r", null, null, EVE, "001"), T0));
        assertTrue(counters.taken.keySet().stream().anyMatch(k -> k.endsWith(":country:ZZ")));
    }

    @Test
    void aSendAtTheRealmCapCostsLogarithmicallyManyStoreCalls() {
        MemoryStore store = new MemoryStore();
        Counters slots = new SlotCounters(store);
        PumpingGuard guard = new PumpingGuard(slots, settings(SmsOption.DELAY_BASE.key(), "30",
                SmsOption.DAILY_PER_IP.key(), "100000", SmsOption.DAILY_PER_COUNTRY.key(), "100000",
                SmsOption.DAILY_REALM_CAP.key(), "1000"));
        for (int i = 0; i < 999; i++) {
            assertEquals(allowed(), guard.tryConsume(send("u" + i, "10.0.0.1", String.format("+49151%08d", i)), T0));
        }
        store.calls.set(0);
        assertEquals(allowed(), guard.tryConsume(send("u999", "10.0.0.1", BOB), T0));
        int last = store.calls.get();
        store.calls.set(0);
        assertEquals(refused(Refusal.REALM), guard.tryConsume(send("u1000", "10.0.0.1", EVE), T0));
        int refused = store.calls.get();
        store.calls.set(0);
        assertEquals(new Verdict(Refusal.DELAY, 30), guard.tryConsume(send("u999", "10.0.0.1", BOB), T0));
        int delayed = store.calls.get();
        System.out.printf("store calls: send at the cap %d, refused at the cap %d, delayed %d%n", last, refused, delayed);
        // Each budget is a binary search (ceil(log2(limit + 1)) contains) and one putIfAbsent: IP and country of
        // 100000 take 17 + 1, the realm cap 10 + 1, user and number (10) 1 to 4 each; the delay log reads its count
        // (4) and writes up to 17 time bits and 2 markers. Slot by slot it would be about 2000 calls here.
        assertTrue(last <= 18 + 18 + 11 + 4 + 4 + 4 + 19, "send at the cap: " + last);
        assertTrue(refused <= 18 + 18 + 10 + 4 + 4 + 4, "refused at the cap: " + refused);
        // Count (4), the time's complete marker and its 17 bits.
        assertTrue(delayed <= 4 + 1 + 17, "delayed: " + delayed);
    }
}
