package dev.gatehouse.authenticators.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.gatehouse.authenticators.otp.Counters;
import dev.gatehouse.authenticators.otp.SendBudget;

/**
 * Toll-fraud (SMS pumping) defence: daily budgets per number, IP, user and country, a realm-wide daily cap, and a
 * growing delay between repeated sends to one number. Checked after the code engine's hourly budgets and
 * before anything is sent; a refusal spends nothing further down the list.
 *
 * <p>Order: the growing delay (it only reads), then the requester's budgets (IP, user), then the number's, the
 * country's and the realm's. A stranger over its own limit therefore never spends the number's budget, and a
 * pumping run stopped at the country cap leaves the realm cap to other countries' users.
 *
 * <p>Budgets count per UTC day, cluster-wide. Numbers, IPs and user ids are hashed before they become keys.
 */
public final class PumpingGuard {

    /** Which control refused a send. */
    public enum Refusal { DESTINATION, IP, USER, COUNTRY, REALM, DELAY }

    /** A send request; {@code userId} and {@code ip} may be null, {@code region} too (then it is read from the number). */
    public record Send(String realmId, String userId, String ip, String e164, String region) {
        public Send {
            Objects.requireNonNull(realmId, "realmId");
            Objects.requireNonNull(e164, "e164");
        }
    }

    /** The verdict: null refusal when the send may go; {@code waitSeconds} for DELAY. */
    public record Verdict(Refusal refusal, long waitSeconds) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    static final String PREFIX = "gatehouse-sms:";
    static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();
    /** The longest growing delay: an hour. */
    static final long MAX_DELAY_SECONDS = 3600;
    /** A second of a day (below 86400) fits in 17 bits. */
    private static final int TIME_BITS = 17;
    private static final Verdict ALLOWED = new Verdict(null, 0);
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

    private final Counters counters;
    private final SmsSettings settings;

    public PumpingGuard(Counters counters, SmsSettings settings) {
        this.counters = counters;
        this.settings = settings;
    }

    /** Takes a slot from each daily budget, in order, or says which refused (and takes nothing after it). */
    public Verdict tryConsume(Send send, Instant now) {
        long day = Math.floorDiv(now.getEpochSecond(), DAY_SECONDS);
        long second = Math.floorMod(now.getEpochSecond(), DAY_SECONDS);
        // Every slot of a day expires at the same instant, a minute after the day ends (SlotCounters relies on it).
        Duration lifetime = Duration.ofSeconds(DAY_SECONDS - second + 60);
        String prefix = PREFIX + send.realmId() + ":" + day + ":";
        String number = SendBudget.sha256(send.e164());
        String log = prefix + "sent:" + number;

        boolean delays = settings.delayBaseSeconds() > 0;
        int sent = delays ? sentToday(log) : 0;
        if (delays && sent > 0) {
            long wait = sentAt(log, sent, second) + gapAfter(sent) - second;
            if (wait > 0) {
                return new Verdict(Refusal.DELAY, wait);
            }
        }
        if (send.ip() != null && !counters.tryAcquire(prefix + "ip:" + SendBudget.sha256(send.ip()), settings.dailyPerIp(), lifetime)) {
            return refused(Refusal.IP);
        }
        if (send.userId() != null
                && !counters.tryAcquire(prefix + "user:" + SendBudget.sha256(send.userId()), settings.dailyPerUser(), lifetime)) {
            return refused(Refusal.USER);
        }
        if (!counters.tryAcquire(prefix + "dest:" + number, settings.dailyPerDestination(), lifetime)) {
            return refused(Refusal.DESTINATION);
        }
        if (!counters.tryAcquire(prefix + "country:" + region(send), settings.dailyPerCountry(), lifetime)) {
            return refused(Refusal.COUNTRY);
        }
        if (!counters.tryAcquire(prefix + "realm", settings.dailyRealmCap(), lifetime)) {
            return refused(Refusal.REALM);
        }
        // Two sends racing past the delay check: the first to log its send goes, the other waits its turn.
        if (delays && !logSend(log, sent + 1, second, lifetime)) {
            return new Verdict(Refusal.DELAY, gapAfter(sent + 1));
        }
        return ALLOWED;
    }

    /**
     * The gap the next send must keep after the {@code sent}-th of the day: the base after the first, doubled
     * after each further one, at most an hour.
     */
    long gapAfter(int sent) {
        int doublings = sent - 1;
        return doublings >= 12 ? MAX_DELAY_SECONDS : Math.min(MAX_DELAY_SECONDS, (long) settings.delayBaseSeconds() << doublings);
    }

    /*
     * The day's send log of a number, in Counters' terms: entry n (a one-slot key) says the n-th send went, and
     * keys beside it hold the second of the day it went at, one key per set bit, then a key saying the time is
     * complete. Entries are logged in order (entry n only by a request that found n-1), so the count is found by
     * binary search, and everything costs a bounded number of store calls however many sends there were.
     */

    private int sentToday(String log) {
        int lo = 0;
        int hi = settings.dailyPerDestination();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (present(log + ":" + mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** When the n-th send went; "now" while its time is still being written, so a racing send waits the whole gap. */
    private long sentAt(String log, int n, long now) {
        String entry = log + ":" + n;
        if (!present(entry + ":t")) {
            return now;
        }
        long second = 0;
        for (int bit = 0; bit < TIME_BITS; bit++) {
            if (present(entry + ":b" + bit)) {
                second |= 1L << bit;
            }
        }
        return second;
    }

    private boolean logSend(String log, int n, long second, Duration lifetime) {
        String entry = log + ":" + n;
        if (!counters.tryAcquire(entry, 1, lifetime)) {
            return false;
        }
        for (int bit = 0; bit < TIME_BITS; bit++) {
            if ((second & (1L << bit)) != 0) {
                counters.tryAcquire(entry + ":b" + bit, 1, lifetime);
            }
        }
        counters.tryAcquire(entry + ":t", 1, lifetime);
        return true;
    }

    private boolean present(String key) {
        return counters.used(key, 1) > 0;
    }

    /** Country keys stay a bounded set: ISO codes, and ZZ for anything else. */
    private static String region(Send send) {
        String r = send.region() == null ? PhoneNumbers.regionOf(send.e164()) : send.region();
        return REGION.matcher(r).matches() ? r : PhoneNumbers.UNKNOWN_REGION;
    }

    private static Verdict refused(Refusal why) {
        return new Verdict(why, 0);
    }
}
