package dev.gatehouse.authenticators.sms;

import java.time.Instant;

import dev.gatehouse.authenticators.otp.Counters;

/**
 * Toll-fraud (SMS pumping) defence: daily budgets per number, IP, user and country, a realm-wide daily cap, and a
 * growing delay between repeated sends to one number. Checked after the code engine's hourly budgets and
 * before anything is sent; a refusal spends nothing further down the list.
 *
 * <p>CONTRACT (skeleton): the sms-core lane implements it; the signatures are fixed.
 */
public final class PumpingGuard {

    /** Which control refused a send. */
    public enum Refusal { DESTINATION, IP, USER, COUNTRY, REALM, DELAY }

    /** A send request; {@code userId} and {@code ip} may be null. */
    public record Send(String realmId, String userId, String ip, String e164, String region) {
    }

    /** The verdict: null refusal when the send may go; {@code waitSeconds} for DELAY. */
    public record Verdict(Refusal refusal, long waitSeconds) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    public PumpingGuard(Counters counters, SmsSettings settings) {
        throw new UnsupportedOperationException("sms-core lane");
    }

    /** Takes a slot from each daily budget, in order, or says which refused (and takes nothing after it). */
    public Verdict tryConsume(Send send, Instant now) {
        throw new UnsupportedOperationException("sms-core lane");
    }
}
