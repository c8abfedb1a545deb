package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.ParkedThreads;

class SecretCacheTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        long millis = 1_000_000;
        /** Added to the next reading only: a look that saw the cache as it was before the last fetch stored. */
        long nextReadingAhead;

        @Override
        public long millis() {
            long ahead = nextReadingAhead;
            nextReadingAhead = 0;
            return millis + ahead;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(Duration d) {
            millis += d.toMillis();
        }
    }

    final TestClock clock = new TestClock();
    final SecretCache cache = new SecretCache(clock, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1),
            Duration.ofSeconds(5), Duration.ofMinutes(5));
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Object> backend = new AtomicReference<>("v1");

    SecretCache.Result get() {
        return cache.get("k", () -> {
            calls.incrementAndGet();
            Object b = backend.get();
            if (b instanceof BackendException e) {
                throw e;
            }
            if (b instanceof FetchedSecret f) {
                return f.withValue(f.value().clone());
            }
            return FetchedSecret.of(((String) b).getBytes(StandardCharsets.UTF_8));
        });
    }

    static String text(SecretCache.Result r) {
        return new String(r.value().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void servesFromMemoryForTheTtlThenFetchesTheRotatedValue() {
        assertEquals(SecretCache.Outcome.FETCHED, get().outcome());
        backend.set("v2");
        assertEquals("v1", text(get()));
        assertEquals(1, calls.get());
        clock.advance(Duration.ofMinutes(5));
        assertEquals("v2", text(get()), "after the TTL the rotated value");
        assertEquals(2, calls.get());
    }

    @Test
    void everyLookupGetsItsOwnCopy() {
        byte[] first = get().value().orElseThrow();
        java.util.Arrays.fill(first, (byte) 0); // as Keycloak does when it closes the secret
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), get().value().orElseThrow());
    }

    @Test
    void notFoundIsRememberedBriefly() {
        backend.set(new BackendException(BackendException.Kind.NOT_FOUND, "no such secret"));
        assertEquals(SecretCache.Outcome.NOT_FOUND, get().outcome());
        assertEquals(SecretCache.Outcome.NOT_FOUND, get().outcome());
        assertEquals(1, calls.get());
        backend.set("created");
        clock.advance(Duration.ofSeconds(30));
        assertEquals("created", text(get()));
    }

    @Test
    void anOutageServesTheStaleValueWithBackoffThenFails() {
        get();
        clock.advance(Duration.ofMinutes(5));
        backend.set(new BackendException(BackendException.Kind.UNAVAILABLE, "connection refused"));
        SecretCache.Result stale = get();
        assertEquals(SecretCache.Outcome.STALE, stale.outcome());
        assertEquals("v1", text(stale));
        assertEquals(2, calls.get());
        get();
        get();
        assertEquals(2, calls.get(), "no backend call during the backoff");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(SecretCache.Outcome.STALE, get().outcome());
        assertEquals(3, calls.get(), "retried after the backoff");
        clock.advance(Duration.ofSeconds(5));
        get();
        assertEquals(3, calls.get(), "the backoff doubled to 10 s");
        clock.advance(Duration.ofHours(1));
        SecretCache.Result failed = get();
        assertEquals(SecretCache.Outcome.FAILED, failed.outcome(), "past max-stale the lookup fails");
        assertTrue(failed.value().isEmpty());
        backend.set("v2");
        assertEquals("v2", text(get()), "and recovers with the backend");
    }

    @Test
    void accessDeniedStopsServingImmediately() {
        get();
        clock.advance(Duration.ofMinutes(5));
        backend.set(new BackendException(BackendException.Kind.ACCESS_DENIED, "revoked"));
        SecretCache.Result r = get();
        assertEquals(SecretCache.Outcome.FAILED, r.outcome());
        assertTrue(r.value().isEmpty(), "a revoked permission is not bridged by the cache");
    }

    /**
     * Exactly one call once the other fifteen are waiting for it. They must be waiting before the fetch ends: a
     * lookup that found no entry but reaches the in-flight check only after the fetch has finished finds no fetch
     * under way and makes a call of its own (a sleep "long enough for them to pile up" left that to the scheduler).
     */
    @Test
    void concurrentMissesMakeOneBackendCall() throws Exception {
        CountDownLatch inBackend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int threads = 16;
        ParkedThreads parked = new ParkedThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, parked);
        List<Future<SecretCache.Result>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> cache.get("k", () -> {
                calls.incrementAndGet();
                inBackend.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return FetchedSecret.of("v1".getBytes(StandardCharsets.UTF_8));
            })));
        }
        inBackend.await();
        parked.awaitParkedIn(CompletableFuture.class, threads - 1); // the others wait for the first one's fetch
        release.countDown();
        for (Future<SecretCache.Result> f : results) {
            assertEquals("v1", text(f.get(30, TimeUnit.SECONDS)));
        }
        pool.shutdown();
        assertEquals(1, calls.get());
    }

    /**
     * The gap between a lookup's look at the cache and its taking the lead: the previous fetch stored its entry and
     * left in between. Made deterministic by letting that look see the entry as not fresh (as it would have seen no
     * entry); the lookup must then use the stored entry, not call the backend again (it did, before the fix).
     */
    @Test
    void aLookupThatLeadsJustAfterAFetchEndedUsesItsEntry() {
        assertEquals("v1", text(get()));
        backend.set("v2");
        clock.nextReadingAhead = Duration.ofHours(2).toMillis();
        assertEquals("v1", text(get()), "the entry stored by the fetch that just ended");
        assertEquals(1, calls.get());
    }

    static FetchedSecret expiring(String v, java.time.Instant expiresAt, java.time.Instant rotatesAt) {
        return new FetchedSecret(v.getBytes(StandardCharsets.UTF_8), expiresAt, rotatesAt);
    }

    java.time.Instant in(Duration d) {
        return java.time.Instant.ofEpochMilli(clock.millis()).plus(d);
    }

    @Test
    void neverServesAValuePastItsExpiryFreshOrStale() {
        backend.set(expiring("v1", in(Duration.ofMinutes(2)), null));
        assertEquals(SecretCache.Outcome.FETCHED, get().outcome());
        assertEquals(in(Duration.ofMinutes(2)), get().expiresAt(), "the hit carries the expiry");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(SecretCache.Outcome.HIT, get().outcome());
        // At the expiry (well inside the 5-minute TTL) the backend is down: the expired value is not served stale.
        clock.advance(Duration.ofMinutes(1));
        backend.set(new BackendException(BackendException.Kind.UNAVAILABLE, "down"));
        SecretCache.Result r = get();
        assertEquals(SecretCache.Outcome.FAILED, r.outcome());
        assertTrue(r.value().isEmpty());
        assertEquals(2, calls.get());
    }

    @Test
    void aValueThatHasAlreadyExpiredIsRefused() {
        backend.set(expiring("old", in(Duration.ofSeconds(-1)), null));
        SecretCache.Result r = get();
        assertEquals(SecretCache.Outcome.FAILED, r.outcome());
        assertTrue(r.value().isEmpty());
        assertTrue(r.detail().contains("expired"), r.detail());
    }

    @Test
    void aKnownRotationEndsFreshnessButALateRotationStillServes() {
        backend.set(expiring("v1", null, in(Duration.ofMinutes(1))));
        get();
        clock.advance(Duration.ofMinutes(1));
        backend.set(expiring("v2", null, in(Duration.ofDays(30))));
        assertEquals("v2", text(get()), "fetched again at the rotation, before the TTL");
        // Fetched after its rotation date (a late rotation): still the current value, served.
        backend.set(expiring("v2", null, in(Duration.ofMinutes(-5))));
        clock.advance(Duration.ofMinutes(5));
        SecretCache.Result late = get();
        assertEquals(SecretCache.Outcome.FETCHED, late.outcome());
        assertEquals("v2", text(late));
    }

    @Test
    void invalidateDropsTheValueSoTheNextLookupFetches() {
        get();
        backend.set("v2");
        assertEquals(1, cache.invalidate(k -> k.equals("k")));
        assertEquals("v2", text(get()));
        assertEquals(2, calls.get());
        assertEquals(SecretCache.Outcome.FETCHED, cache.status("k").orElseThrow().outcome());
    }

    @Test
    void aFetchUnderWayDuringAFlushAnswersButIsNotKept() throws Exception {
        CountDownLatch inBackend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<SecretCache.Result> slow = pool.submit(() -> cache.get("k", () -> {
            inBackend.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return FetchedSecret.of("before-rotation".getBytes(StandardCharsets.UTF_8));
        }));
        inBackend.await();
        cache.invalidate(k -> true);
        release.countDown();
        assertEquals("before-rotation", text(slow.get()));
        pool.shutdown();
        backend.set("after-rotation");
        assertEquals("after-rotation", text(get()), "the value fetched before the flush was not kept");
    }

    @Test
    void aBackendBugFailsTheLookupInsteadOfThrowing() {
        SecretCache.Result r = cache.get("k", () -> {
            throw new IllegalStateException("bug");
        });
        assertEquals(SecretCache.Outcome.FAILED, r.outcome());
        assertTrue(r.value().isEmpty());
    }

    @Test
    void anExpiryBeyondEpochMillisMeansNever() {
        backend.set(new FetchedSecret("v".getBytes(StandardCharsets.UTF_8), Instant.MAX, Instant.MAX));
        assertEquals("v", text(get()));
        assertEquals(SecretCache.Outcome.HIT, get().outcome());
    }

    @Test
    void theNumberOfKeptKeysIsBounded() {
        for (int i = 0; i < SecretCache.MAX_KEYS; i++) {
            cache.get("k" + i, () -> FetchedSecret.of(new byte[] {1}));
        }
        get();
        get();
        assertEquals(2, calls.get(), "past the bound a key is fetched each time, not kept");
        assertEquals(SecretCache.Outcome.HIT, cache.get("k0", () -> FetchedSecret.of(new byte[] {2})).outcome());
        assertTrue(cache.status("k").isEmpty());
    }
}
