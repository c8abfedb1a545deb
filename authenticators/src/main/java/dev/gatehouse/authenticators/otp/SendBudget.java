package dev.gatehouse.authenticators.otp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Hourly send budgets per destination, per client IP and per user, counted cluster-wide. A send needs a slot
 * in each; addresses are hashed before they become counter keys.
 */
public final class SendBudget {

    /** Which budget ran out, or null when the send may go. */
    public enum Exhausted { DESTINATION, IP, USER }

    private final Counters counters;

    public SendBudget(Counters counters) {
        this.counters = counters;
    }

    /**
     * Takes one send from each budget that applies.
     *
     * @param userId null for an address that matches no account (passwordless): only destination and IP count
     */
    public Exhausted tryConsume(OtpPolicy policy, String channel, String userId, String ip, String destination, Instant now) {
        long window = now.getEpochSecond() / OtpPolicy.BUDGET_WINDOW.toSeconds();
        Duration lifetime = Duration.ofSeconds((window + 1) * OtpPolicy.BUDGET_WINDOW.toSeconds() - now.getEpochSecond() + 60);
        String prefix = "gatehouse-otp:sends:" + channel + ":" + window + ":";
        if (!counters.tryAcquire(prefix + "dest:" + sha256(destination.toLowerCase(java.util.Locale.ROOT)), policy.sendsPerDestination(), lifetime)) {
            return Exhausted.DESTINATION;
        }
        if (ip != null && !counters.tryAcquire(prefix + "ip:" + sha256(ip), policy.sendsPerIp(), lifetime)) {
            return Exhausted.IP;
        }
        if (userId != null && !counters.tryAcquire(prefix + "user:" + userId, policy.sendsPerUser(), lifetime)) {
            return Exhausted.USER;
        }
        return null;
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
