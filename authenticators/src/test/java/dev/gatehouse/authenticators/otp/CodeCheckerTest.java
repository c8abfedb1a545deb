package dev.gatehouse.authenticators.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Attempt slots before comparisons, challenges that survive any address, and the recent challenges of a user. */
class CodeCheckerTest {

    final OtpPolicy policy = OtpPolicy.SECOND_FACTOR;
    final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    final MemoryCounters counters = new MemoryCounters();
    final CodeChecker checker = new CodeChecker(counters);

    @AutoClose
    final ExecutorService pool = Executors.newFixedThreadPool(16);

    Challenge challenge(String id, String destination, Instant at) {
        return Challenge.issue(id, "nonce-" + id, "kid", destination, "root.tab", at, policy.ttl());
    }

    @Test
    void concurrentCallersNeverGetMoreComparisonsThanAttempts() throws Exception {
        Challenge c = challenge("c1", "alice@example.com", t0);
        AtomicInteger comparisons = new AtomicInteger();
        CodeMatcher wrong = typed -> {
            comparisons.incrementAndGet();
            return false;
        };
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Verdict>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return checker.check(c, wrong, policy, "000000", t0);
            }));
        }
        start.countDown();
        int rejected = 0;
        for (Future<Verdict> f : results) {
            Verdict v = f.get();
            assertTrue(v == Verdict.REJECTED || v == Verdict.EXHAUSTED, v.name());
            rejected += v == Verdict.REJECTED ? 1 : 0;
        }
        assertEquals(policy.maxAttempts(), comparisons.get(), "one comparison per attempt slot, however many arrive at once");
        // How many of the compared codes read REJECTED depends on the interleaving: a slot holder whose comparison
        // ends after the last slot was taken sees none left (EXHAUSTED). At least the last to finish sees that.
        assertTrue(rejected <= policy.maxAttempts() - 1, "the last slot's wrong code voids the challenge: " + rejected);
    }

    /**
     * The worst interleaving, made deterministic: each comparison lets the next request in before it returns,
     * as a second node or tab would. Compare-then-count gives ten comparisons here; slot-first gives three.
     */
    @Test
    void requestsArrivingDuringAComparisonGetNoExtraComparisons() {
        Challenge c = challenge("c1", "alice@example.com", t0);
        AtomicInteger comparisons = new AtomicInteger();
        AtomicInteger arrivals = new AtomicInteger();
        List<Verdict> verdicts = new ArrayList<>();
        CodeMatcher[] interleaving = new CodeMatcher[1];
        interleaving[0] = typed -> {
            comparisons.incrementAndGet();
            if (arrivals.incrementAndGet() < 10) {
                verdicts.add(checker.check(c, interleaving[0], policy, "000000", t0));
            }
            return false;
        };
        verdicts.add(checker.check(c, interleaving[0], policy, "000000", t0));
        assertEquals(policy.maxAttempts(), comparisons.get());
        assertEquals(Verdict.EXHAUSTED, verdicts.get(0), "the request with no slot left is refused without comparing");
    }

    @Test
    void theRightCodeAfterTheSlotsAreGoneIsNeverCompared() {
        Challenge c = challenge("c1", "alice@example.com", t0);
        AtomicInteger comparisons = new AtomicInteger();
        for (int i = 0; i < policy.maxAttempts(); i++) {
            checker.check(c, t -> comparisons.incrementAndGet() < 0, policy, "000000", t0);
        }
        assertEquals(Verdict.EXHAUSTED, checker.check(c, t -> {
            comparisons.incrementAndGet();
            return true;
        }, policy, "123456", t0));
        assertEquals(policy.maxAttempts(), comparisons.get());
    }

    /**
     * Twilio Verify down during a check: before, the remote matcher could only say "no", so an outage was a wrong
     * code (REJECTED: an attempt, a brute-force count, "invalid code"). Now it is no guess, and the code still works.
     */
    @Test
    void aServiceThatDoesNotAnswerIsNoWrongCodeAndTheCodeStillWorks() {
        Challenge c = challenge("c1", "+4915112345678", t0);
        Verdict v = checker.checkRemote(c, t -> RemoteCodeMatcher.Answer.none(Map.of("provider_code", "20503")), policy,
                "123456", t0);
        assertEquals(Verdict.UNAVAILABLE, v);
        assertFalse(v.guess(), "brute-force detection does not count an outage");
        assertFalse(v.failure(), "no failed check: the user tries again");
        assertEquals(policy.maxAttempts() - 1, checker.attemptsLeft(c, policy),
                "the slot taken before asking stays used: the bound on what reaches the service");
        assertEquals(Verdict.ACCEPTED, checker.checkRemote(c, t -> RemoteCodeMatcher.Answer.MATCH, policy, "123456", t0));
    }

    @Test
    void aServiceThatNeverAnswersIsAskedAtMostAttemptsTimes() {
        Challenge c = challenge("c1", "+4915112345678", t0);
        AtomicInteger asked = new AtomicInteger();
        RemoteCodeMatcher down = t -> {
            asked.incrementAndGet();
            return RemoteCodeMatcher.Answer.none(Map.of());
        };
        for (int i = 0; i < policy.maxAttempts(); i++) {
            assertEquals(Verdict.UNAVAILABLE, checker.checkRemote(c, down, policy, "123456", t0));
        }
        assertEquals(Verdict.EXHAUSTED, checker.checkRemote(c, down, policy, "123456", t0));
        assertEquals(policy.maxAttempts(), asked.get());
        assertEquals(Verdict.REJECTED, checker.checkRemote(challenge("c2", "+4915112345678", t0),
                t -> RemoteCodeMatcher.Answer.NO_MATCH, policy, "000000", t0), "a refusal is a wrong code as before");
    }

    @Test
    void onlyMixUpsAndOutagesAreNoFailure() {
        for (Verdict v : Verdict.values()) {
            boolean retry = v == Verdict.ACCEPTED || v == Verdict.STALE || v == Verdict.UNAVAILABLE;
            assertEquals(!retry, v.failure(), v.name());
            assertTrue(!v.guess() || v.failure(), v.name());
        }
    }

    @Test
    void comparingWithAnotherChallengeSpendsThatChallengesAttempts() {
        Challenge other = challenge("c2", "alice@example.com", t0);
        for (int i = 0; i < policy.maxAttempts(); i++) {
            assertFalse(checker.matchesOther(other, t -> false, policy, "000000", t0));
        }
        assertFalse(checker.matchesOther(other, t -> true, policy, "123456", t0), "its slots are gone: no oracle");
        assertFalse(checker.matchesOther(challenge("c3", "a@x.test", t0), t -> true, policy, "1", t0.plus(policy.ttl())),
                "expired codes are not recognised");
    }

    @Test
    void anyCharacterAnAddressMayHoldRoundTrips() {
        for (String address : List.of("pi|pe@example.com", "a%7Cb@example.com", "müller@exämple.de", "x\u0000y@z.test",
                "\"quoted|local\"@example.com", "v2|a|b@example.com", "")) {
            Challenge c = Challenge.issue("id|1", "nonce", "kid|x", address, "root|1.tab", t0, policy.ttl());
            assertEquals(c, Challenge.decode(c.encode()), address);
        }
        assertNull(Challenge.decode("v2|!!|b|c|d|e|1|2|3"), "not Base64url: not ours");
    }

    @Test
    void aSecondTabWithinTheCooldownReusesTheLiveCode() {
        RecentChallenges r = RecentChallenges.decode(null).with(challenge("c1", "alice@example.com", t0), t0);
        assertEquals("c1", r.reusable(t0.plusSeconds(10), policy.resendCooldown(), CodeMode.SECOND_FACTOR, "other-browser").id(),
                "after a proven factor any sign-in of the user shares the code just sent");
        assertEquals("c1", r.reusable(t0.plusSeconds(10), policy.resendCooldown(), CodeMode.PASSWORDLESS, "root").id(),
                "before authentication, tabs of the same browser do");
        assertNull(r.reusable(t0.plusSeconds(10), policy.resendCooldown(), CodeMode.PASSWORDLESS, "strangers-browser"),
                "a stranger's browser never shares someone's code");
        assertNull(r.reusable(t0.plusSeconds(30), policy.resendCooldown(), CodeMode.SECOND_FACTOR, "root"),
                "after the cooldown a new code is due");
        assertEquals(List.of(), r.shareable(t0, CodeMode.PASSWORDLESS, "strangers-browser"));
        assertEquals(1, r.shareable(t0, CodeMode.SETUP, "strangers-browser").size());
    }

    @Test
    void recentChallengesKeepTheNewestLiveFew() {
        RecentChallenges r = RecentChallenges.decode(null);
        assertNull(r.newest(t0));
        for (int i = 1; i <= 4; i++) {
            r = r.with(challenge("c" + i, "alice@example.com", t0.plusSeconds(i)), t0.plusSeconds(i));
        }
        assertEquals(List.of("c4", "c3", "c2"), r.live(t0.plusSeconds(5)).stream().map(Challenge::id).toList());
        RecentChallenges back = RecentChallenges.decode(r.encode());
        assertEquals("c4", back.newest(t0.plusSeconds(5)).id());
        assertEquals(List.of("c3", "c2"), back.without("c4").live(t0.plusSeconds(5)).stream().map(Challenge::id).toList());
        assertNull(back.newest(t0.plus(policy.ttl()).plusSeconds(10)), "an expired newest is no live challenge");
        RecentChallenges resent = back.with(back.newest(t0).resent(t0.plusSeconds(60)), t0.plusSeconds(60));
        assertEquals(3, resent.live(t0.plusSeconds(60)).size(), "a resend replaces its own entry");
    }
}
