package dev.gatehouse.authenticators.otp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Hourly send budgets, counted cluster-wide. A send needs a slot in each budget that applies, taken in this
 * order: the requester's (client IP, sign-in session), the account's, and last the destination's. A requester
 * over its own limit therefore never spends the address's budget.
 *
 * <p>Every budget is kept per {@link CodeMode#budgetClass() class}: sends anyone can trigger (passwordless)
 * and sends after a proven first factor don't share slots, so strangers who exhaust an address's open budget
 * leave the proven budget of the account's real sign-ins untouched. Addresses are hashed before they become
 * counter keys. Every counter belongs to one realm: another realm's open pages (another tenant's) can't spend
 * this realm's budgets or hold its cooldowns.
 */
public final class SendBudget {

    /** Which budget ran out. */
    public enum Exhausted {
        IP, SESSION, USER, DESTINATION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who asks for a send and for whom. */
    public record Request(String realmId, String channel, CodeMode mode, String userId, String ip, String session,
                          String destination) {
    }

    private final Counters counters;

    public SendBudget(Counters counters) {
        this.counters = counters;
    }

    /**
     * Takes one send from each budget that applies.
     *
     * @return the budget that ran out, or null when the send may go
     */
    public Exhausted tryConsume(OtpPolicy policy, Request r, Instant now) {
        long window = now.getEpochSecond() / OtpPolicy.BUDGET_WINDOW.toSeconds();
        Duration lifetime = Duration.ofSeconds((window + 1) * OtpPolicy.BUDGET_WINDOW.toSeconds() - now.getEpochSecond() + 60);
        String prefix = "gatehouse-otp:sends:" + r.realmId() + ":" + r.channel() + ":" + r.mode().budgetClass() + ":" + window + ":";
        if (r.ip() != null && !counters.tryAcquire(prefix + "ip:" + sha256(r.ip()), policy.sendsPerIp(), lifetime)) {
            return Exhausted.IP;
        }
        if (r.session() != null && !counters.tryAcquire(prefix + "session:" + sha256(r.session()), policy.sendsPerSession(), lifetime)) {
            return Exhausted.SESSION;
        }
        if (r.userId() != null && !counters.tryAcquire(prefix + "user:" + r.userId(), policy.sendsPerUser(), lifetime)) {
            return Exhausted.USER;
        }
        if (!counters.tryAcquire(prefix + "dest:" + destinationKey(r.destination()), policy.sendsPerDestination(), lifetime)) {
            return Exhausted.DESTINATION;
        }
        return null;
    }

    /**
     * At most one message per destination per cooldown and budget class, across sign-ins and tabs: a new tab
     * or a restarted sign-in can't send faster than the resend button allows.
     */
    public boolean claimCooldown(OtpPolicy policy, String realmId, String channel, CodeMode mode, String destination) {
        return policy.resendCooldown().isZero() || counters.tryAcquire("gatehouse-otp:cooldown:" + realmId + ":" + channel
                + ":" + mode.budgetClass() + ":" + destinationKey(destination), 1, policy.resendCooldown());
    }

    /** Destinations compare without regard to case, and never appear in counter keys in clear. */
    public static String destinationKey(String destination) {
        return sha256(destination.toLowerCase(Locale.ROOT));
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
