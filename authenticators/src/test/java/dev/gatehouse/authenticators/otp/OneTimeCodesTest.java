package dev.gatehouse.authenticators.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OneTimeCodesTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    final OneTimeCodes codes = new OneTimeCodes(KEY);
    final CodeBinding alice = new CodeBinding("user-1", "root.tab", "email", "alice@example.com");
    final MemoryCounters counters = new MemoryCounters();
    final CodeChecker checker = new CodeChecker(counters);
    final OtpPolicy policy = OtpPolicy.SECOND_FACTOR;
    final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");

    Challenge issue() {
        return Challenge.issue("c1", OneTimeCodes.newNonce(new SecureRandom()), "kid", "alice@example.com", "root.tab", t0, policy.ttl());
    }

    @Test
    void codesHaveTheConfiguredLengthAndSpread() {
        Set<String> seen = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2000; i++) {
            String code = codes.code(alice, OneTimeCodes.newNonce(random), 6);
            assertTrue(code.matches("\\d{6}"), code);
            seen.add(code);
        }
        assertTrue(seen.size() > 1990, "2000 random nonces gave only " + seen.size() + " distinct codes");
        assertTrue(codes.code(alice, "n", 8).matches("\\d{8}"));
    }

    @Test
    void sameNonceGivesTheSameCodeForResend() {
        Challenge c = issue();
        assertEquals(codes.code(alice, c.nonce(), 6), codes.code(alice, c.resent(t0.plusSeconds(31)).nonce(), 6));
    }

    @Test
    void codeIsBoundToUserSessionChannelAndDestination() {
        String nonce = "fixed-nonce";
        String code = codes.code(alice, nonce, 6);
        CodeBinding[] others = {
                new CodeBinding("user-2", "root.tab", "email", "alice@example.com"),
                new CodeBinding("user-1", "other-root.tab", "email", "alice@example.com"),
                new CodeBinding("user-1", "root.tab", "sms", "alice@example.com"),
                new CodeBinding("user-1", "root.tab", "email", "mallory@example.com")};
        for (CodeBinding other : others) {
            assertFalse(codes.matches(other, nonce, 6, code), "code accepted for " + other);
        }
        assertTrue(codes.matches(alice, nonce, 6, code));
    }

    @Test
    void anotherKeyGivesAnotherCode() {
        OneTimeCodes otherKey = new OneTimeCodes("fedcba9876543210fedcba9876543210".getBytes());
        assertFalse(otherKey.matches(alice, "n", 6, codes.code(alice, "n", 6)));
    }

    @Test
    void typedCodeMayContainSpacesAndDashes() {
        String code = codes.code(alice, "n", 6);
        assertTrue(codes.matches(alice, "n", 6, " " + code.substring(0, 3) + "-" + code.substring(3) + " "));
        assertFalse(codes.matches(alice, "n", 6, code + "0"));
        assertFalse(codes.matches(alice, "n", 6, null));
        assertFalse(codes.matches(alice, "n", 6, ""));
    }

    @Test
    void rightCodeInTimeIsAccepted() {
        Challenge c = issue();
        String code = codes.code(alice, c.nonce(), 6);
        assertEquals(Verdict.ACCEPTED, checker.check(c, matcher(c), policy, code, t0.plusSeconds(299)));
    }

    @Test
    void codeExpiresAfterItsLifetime() {
        Challenge c = issue();
        String code = codes.code(alice, c.nonce(), 6);
        assertEquals(Verdict.EXPIRED, checker.check(c, matcher(c), policy, code, t0.plusSeconds(300)));
        assertEquals(Verdict.EXPIRED, checker.check(c, null, policy, code, t0), "key gone: expired");
    }

    @Test
    void codeIsVoidAfterThreeWrongAttempts() {
        Challenge c = issue();
        String code = codes.code(alice, c.nonce(), 6);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertEquals(Verdict.REJECTED, checker.check(c, matcher(c), policy, wrong, t0));
        assertEquals(2, checker.attemptsLeft(c, policy));
        assertEquals(Verdict.REJECTED, checker.check(c, matcher(c), policy, wrong, t0));
        assertEquals(Verdict.EXHAUSTED, checker.check(c, matcher(c), policy, wrong, t0));
        assertEquals(Verdict.EXHAUSTED, checker.check(c, matcher(c), policy, code, t0), "the right code no longer works");
    }

    CodeMatcher matcher(Challenge c) {
        return typed -> codes.matches(alice, c.nonce(), 6, typed);
    }

    @Test
    void noChallengeIsMissing() {
        assertEquals(Verdict.MISSING, checker.check(null, t -> false, policy, "123456", t0));
    }

    @Test
    void resendWaitsForTheCooldown() {
        Challenge c = issue();
        assertEquals(Duration.ofSeconds(30), c.resendWait(t0, policy.resendCooldown()));
        assertEquals(Duration.ofSeconds(1), c.resendWait(t0.plusSeconds(29), policy.resendCooldown()));
        assertEquals(Duration.ZERO, c.resendWait(t0.plusSeconds(30), policy.resendCooldown()));
        Challenge again = c.resent(t0.plusSeconds(40));
        assertEquals(Duration.ofSeconds(30), again.resendWait(t0.plusSeconds(40), policy.resendCooldown()));
        assertEquals(c.expiresAt(), again.expiresAt(), "a resend does not extend the lifetime");
    }

    @Test
    void challengeRoundTripsThroughItsNote() {
        Challenge c = issue();
        assertEquals(c, Challenge.decode(c.encode()));
        assertNull(Challenge.decode("v0|x"));
        assertNull(Challenge.decode(null));
        assertNull(Challenge.decode("v1|a|b|c|d|x|y|z"));
        assertNull(Challenge.decode("v2|a|b|c|d|e|x|y|z"));
        assertFalse(c.encode().contains(codes.code(alice, c.nonce(), 6)), "the note never holds the code");
    }

    static SendBudget.Request send(CodeMode mode, String user, String ip, String session, String address) {
        return send("realm-1", mode, user, ip, session, address);
    }

    static SendBudget.Request send(String realmId, CodeMode mode, String user, String ip, String session, String address) {
        return new SendBudget.Request(realmId, "email", mode, user, ip, session, address);
    }

    @Test
    void destinationBudgetAllowsThreeSendsAnHour() {
        SendBudget budget = new SendBudget(counters);
        for (int i = 0; i < 3; i++) {
            assertNull(budget.tryConsume(policy, send(CodeMode.SECOND_FACTOR, "user-1", "10.0.0.1", "s" + i, "alice@example.com"), t0));
        }
        assertEquals(SendBudget.Exhausted.DESTINATION,
                budget.tryConsume(policy, send(CodeMode.SECOND_FACTOR, "user-1", "10.0.0.1", "s9", "Alice@Example.com"), t0));
        assertNull(budget.tryConsume(policy, send(CodeMode.SECOND_FACTOR, "user-1", "10.0.0.1", "s9", "alice@example.com"),
                t0.plus(Duration.ofHours(1))), "a new hour, a new budget");
    }

    @Test
    void strangersCannotSpendTheBudgetOfAProvenSignIn() {
        SendBudget budget = new SendBudget(counters);
        for (int i = 0; i < 3; i++) {
            assertNull(budget.tryConsume(OtpPolicy.PASSWORDLESS, send(CodeMode.PASSWORDLESS, "u1", "198.51.100." + i, "s" + i, "alice@example.com"), t0));
        }
        assertEquals(SendBudget.Exhausted.DESTINATION, budget.tryConsume(OtpPolicy.PASSWORDLESS,
                send(CodeMode.PASSWORDLESS, "u1", "198.51.100.9", "s9", "alice@example.com"), t0), "unsolicited mail stays bounded");
        assertNull(budget.tryConsume(policy, send(CodeMode.SECOND_FACTOR, "u1", "10.0.0.1", "alice-browser", "alice@example.com"), t0),
                "the user who proved her password still gets a code");
    }

    @Test
    void requesterLimitsComeBeforeTheAddressBudget() {
        OtpPolicy tight = new OtpPolicy(6, Duration.ofMinutes(5), 3, Duration.ofSeconds(30), 100, 2, 100, 3);
        SendBudget budget = new SendBudget(counters);
        assertNull(budget.tryConsume(tight, send(CodeMode.PASSWORDLESS, null, "ip", "s1", "a@x.test"), t0));
        assertNull(budget.tryConsume(tight, send(CodeMode.PASSWORDLESS, null, "ip", "s2", "b@x.test"), t0));
        for (int i = 0; i < 10; i++) {
            assertEquals(SendBudget.Exhausted.IP, budget.tryConsume(tight, send(CodeMode.PASSWORDLESS, null, "ip", "s3", "victim@x.test"), t0));
        }
        assertNull(budget.tryConsume(tight, send(CodeMode.PASSWORDLESS, null, "other-ip", "s4", "victim@x.test"), t0),
                "refusals by the requester's budget did not spend the address's");
        OtpPolicy perSession = new OtpPolicy(6, Duration.ofMinutes(5), 3, Duration.ofSeconds(30), 100, 100, 1, 100);
        assertNull(budget.tryConsume(perSession, send(CodeMode.PASSWORDLESS, null, "ip2", "browser", "c@x.test"), t0));
        assertEquals(SendBudget.Exhausted.SESSION, budget.tryConsume(perSession, send(CodeMode.PASSWORDLESS, null, "ip3", "browser", "d@x.test"), t0));
    }

    @Test
    void ipAndUserBudgetsAreSeparate() {
        OtpPolicy tight = new OtpPolicy(6, Duration.ofMinutes(5), 3, Duration.ofSeconds(30), 2, 3, 100, 100);
        SendBudget budget = new SendBudget(counters);
        assertNull(budget.tryConsume(tight, send(CodeMode.SECOND_FACTOR, "u1", "ip", null, "a@x.test"), t0));
        assertNull(budget.tryConsume(tight, send(CodeMode.SECOND_FACTOR, "u1", "ip", null, "b@x.test"), t0));
        assertEquals(SendBudget.Exhausted.USER, budget.tryConsume(tight, send(CodeMode.SECOND_FACTOR, "u1", "ip", null, "c@x.test"), t0));
        assertEquals(SendBudget.Exhausted.IP, budget.tryConsume(tight, send(CodeMode.SECOND_FACTOR, null, "ip", null, "d@x.test"), t0));
        assertNull(budget.tryConsume(tight, send(CodeMode.SECOND_FACTOR, null, "other-ip", null, "d@x.test"), t0));
    }

    @Test
    void anotherRealmSpendsNoneOfThisRealmsBudgetsOrCooldowns() {
        SendBudget budget = new SendBudget(counters);
        for (int i = 0; i < 3; i++) {
            assertNull(budget.tryConsume(OtpPolicy.PASSWORDLESS, send("other", CodeMode.PASSWORDLESS, null, "198.51.100.1", "s" + i, "alice@example.com"), t0));
        }
        assertEquals(SendBudget.Exhausted.DESTINATION, budget.tryConsume(OtpPolicy.PASSWORDLESS,
                send("other", CodeMode.PASSWORDLESS, null, "198.51.100.1", "s9", "alice@example.com"), t0));
        assertNull(budget.tryConsume(OtpPolicy.PASSWORDLESS, send("realm-1", CodeMode.PASSWORDLESS, "u1", "198.51.100.1", "s9", "alice@example.com"), t0),
                "the address's budget in this realm is untouched");
        assertTrue(budget.claimCooldown(policy, "other", "email", CodeMode.PASSWORDLESS, "alice@example.com"));
        assertTrue(budget.claimCooldown(policy, "realm-1", "email", CodeMode.PASSWORDLESS, "alice@example.com"),
                "another realm's cooldown holds nothing here");
    }

    @Test
    void cooldownsOfStrangersAndProvenSignInsAreApart() {
        SendBudget budget = new SendBudget(counters);
        assertTrue(budget.claimCooldown(policy, "realm-1", "email", CodeMode.PASSWORDLESS, "alice@example.com"));
        assertFalse(budget.claimCooldown(policy, "realm-1", "email", CodeMode.PASSWORDLESS, "ALICE@example.com"));
        assertTrue(budget.claimCooldown(policy, "realm-1", "email", CodeMode.SECOND_FACTOR, "alice@example.com"));
    }

    @Test
    void budgetKeysNeverHoldTheAddress() {
        new SendBudget(counters).tryConsume(policy, send(CodeMode.SECOND_FACTOR, "u1", "203.0.113.9", "root", "alice@example.com"), t0);
        assertTrue(counters.taken.keySet().stream().noneMatch(k -> k.contains("alice") || k.contains("203.0.113.9")), counters.taken.toString());
    }

    @Test
    void policyReadsConfigAndRefusesNonsense() {
        OtpPolicy p = OtpPolicy.from(Map.of(OtpPolicy.LENGTH, "8", OtpPolicy.TTL, "120", OtpPolicy.MAX_ATTEMPTS, " "), policy);
        assertEquals(8, p.length());
        assertEquals(Duration.ofMinutes(2), p.ttl());
        assertEquals(3, p.maxAttempts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OtpPolicy.from(Map.of(OtpPolicy.MAX_ATTEMPTS, "lots"), policy));
        assertTrue(e.getMessage().contains(OtpPolicy.MAX_ATTEMPTS));
        assertThrows(IllegalArgumentException.class, () -> OtpPolicy.from(Map.of(OtpPolicy.LENGTH, "3"), policy));
        assertThrows(IllegalArgumentException.class, () -> OtpPolicy.from(Map.of(OtpPolicy.RESEND_COOLDOWN, "600"), policy));
        assertEquals(Duration.ofMinutes(10), OtpPolicy.PASSWORDLESS.ttl());
    }

    @Test
    void addressesAreMasked() {
        assertEquals("a***e@e***.com", Masking.email("alice@example.com"));
        assertEquals("b***@e***.org", Masking.email("bo@example.org"));
        assertNotEquals("alice@example.com", Masking.email("alice@example.com"));
    }
}
