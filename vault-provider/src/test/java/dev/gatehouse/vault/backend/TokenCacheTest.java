package dev.gatehouse.vault.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.ParkedThreads;
import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.BackendException.Kind;
import dev.gatehouse.vault.backend.TokenCache.Token;

class TokenCacheTest {

    static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_000_000);

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final ManualClock clock = new ManualClock();
    final AtomicInteger requests = new AtomicInteger();
    volatile BackendException failure;
    volatile CountDownLatch gate;

    /** Hands out "t1", "t2", … living an hour, renewed a minute early; or fails with {@link #failure}. */
    final TokenCache cache = new TokenCache(() -> {
        int n = requests.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Token.of("t" + n, 3600, clock.millis(), Duration.ofMinutes(1));
    }, clock);

    @Test
    void twentyCallersWithAnExpiredTokenMakeOneRequest() throws Exception {
        assertEquals("t1", cache.token());
        clock.advance(Duration.ofHours(2));
        gate = new CountDownLatch(1);
        ParkedThreads parked = new ParkedThreads();
        ExecutorService pool = Executors.newFixedThreadPool(20, parked);
        List<Future<String>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(pool.submit(cache::token));
        }
        while (requests.get() < 2) {
            Thread.sleep(1);
        }
        parked.awaitParkedIn(ReentrantLock.class, 19); // the other nineteen are waiting for the one request
        gate.countDown();
        for (Future<String> f : all) {
            assertEquals("t2", f.get(10, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(2, requests.get());
    }

    @Test
    void oneCallerRenewsWhileTheOthersKeepUsingTheValidToken() throws Exception {
        assertEquals("t1", cache.token());
        clock.advance(Duration.ofMinutes(59).plusSeconds(1)); // due for renewal, valid for 59 s more
        gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<String> renewing = pool.submit(cache::token);
        while (requests.get() < 2) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("t1", cache.token(), "not held up by the renewal");
        }
        gate.countDown();
        assertEquals("t2", renewing.get(10, TimeUnit.SECONDS));
        assertEquals("t2", cache.token());
        assertEquals(2, requests.get());
        pool.shutdown();
    }

    @Test
    void failuresBackOffOneSecondDoublingToAMinuteAndASuccessResetsIt() throws Exception {
        failure = new BackendException(Kind.ACCESS_DENIED, "wrong client secret");
        for (int i = 0; i < 50; i++) {
            BackendException e = assertThrows(BackendException.class, cache::token);
            assertEquals(Kind.ACCESS_DENIED, e.kind());
            assertEquals("wrong client secret", e.getMessage());
        }
        assertEquals(1, requests.get(), "50 calls in a tight loop, one request");
        int expected = 1;
        for (long wait : new long[] {1, 2, 4, 8, 16, 32, 60, 60}) {
            clock.advance(Duration.ofSeconds(wait).minusMillis(1));
            assertThrows(BackendException.class, cache::token);
            assertEquals(expected, requests.get(), "within " + wait + " s: no request");
            clock.advance(Duration.ofMillis(1));
            assertThrows(BackendException.class, cache::token);
            assertEquals(++expected, requests.get(), "after " + wait + " s: one attempt");
        }
        failure = null;
        clock.advance(Duration.ofSeconds(60));
        assertEquals("t" + ++expected, cache.token());
        clock.advance(Duration.ofHours(2));
        failure = new BackendException(Kind.UNAVAILABLE, "down");
        assertThrows(BackendException.class, cache::token);
        clock.advance(Duration.ofSeconds(1));
        assertThrows(BackendException.class, cache::token);
        assertEquals(expected + 2, requests.get(), "back to 1 s after a success");
    }

    @Test
    void aFailedRenewalKeepsTheValidTokenWithoutAskingAgainDuringTheBackoff() throws Exception {
        assertEquals("t1", cache.token());
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        failure = new BackendException(Kind.UNAVAILABLE, "down");
        for (int i = 0; i < 10; i++) {
            assertEquals("t1", cache.token());
        }
        assertEquals(2, requests.get(), "one renewal attempt, then the backoff");
        clock.advance(Duration.ofSeconds(31));
        assertThrows(BackendException.class, cache::token, "expired, and the endpoint still failing");
    }

    @Test
    void aRefusedTokenIsReplaced() throws Exception {
        assertEquals("t1", cache.token());
        cache.refused("t0");
        assertEquals("t1", cache.token(), "another token's refusal changes nothing");
        cache.refused("t1");
        assertEquals("t2", cache.token());
    }

    @Test
    void lifetimesAreBelievedUpToADayWithoutOverflow() {
        Token t = Token.of("x", Long.MAX_VALUE, 1_000, Duration.ofMinutes(5));
        assertEquals(1_000 + 86_400_000, t.expiresAt());
        assertEquals(1_000 + 86_400_000 - 300_000, t.renewAt());
        Token shortLived = Token.of("y", 240, 0, Duration.ofMinutes(5));
        assertEquals(120_000, shortLived.renewAt(), "half its life when that is shorter");
    }
}
