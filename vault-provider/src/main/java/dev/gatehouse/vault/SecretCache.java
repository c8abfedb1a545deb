package dev.gatehouse.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Per-node cache of resolved secrets (never shared across nodes, never persisted).
 * <ul>
 * <li>A value is fresh for {@code ttl}; "not found" is remembered for {@code notFoundTtl}.</li>
 * <li>Concurrent misses for one key make one backend call; the others wait for it.</li>
 * <li>When a refresh fails transiently (backend down, throttled), the expired value is served for up to
 * {@code maxStale} past its expiry, and the backend is retried with exponential backoff, not on every lookup.</li>
 * <li>Access denied or a bad response are not transient: the value stops being served.</li>
 * <li>A value the backend says expires ({@link FetchedSecret#expiresAt()}) is never served past that instant, fresh
 * or stale, and one that has already expired is refused. A known rotation ({@link FetchedSecret#rotatesAt()}) ends
 * freshness early, so the rotated value is fetched then.</li>
 * <li>{@link #invalidate} drops entries at once (an admin's flush); a fetch already under way when it happens
 * answers its callers but is not kept.</li>
 * <li>Every lookup gets its own copy: Keycloak wipes the array it is given.</li>
 * </ul>
 */
public final class SecretCache {

    /** What a lookup ended with, for logs and events. */
    public enum Outcome { HIT, FETCHED, NOT_FOUND, STALE, FAILED }

    /** A lookup's value and, when known, the value's expiry and rotation. */
    public record Result(Optional<byte[]> value, Outcome outcome, String detail, Instant expiresAt, Instant rotatesAt) {

        Result(Optional<byte[]> value, Outcome outcome, String detail) {
            this(value, outcome, detail, null, null);
        }
    }

    /** The last backend call for a key, for the inventory: never a value. */
    public record Status(Instant fetchedAt, Outcome outcome, String detail, Instant expiresAt, Instant rotatesAt) {
    }

    /** A backend call. */
    public interface Loader {
        FetchedSecret load() throws BackendException;
    }

    /** {@code freshUntil}: served as a hit before it; {@code hardExpiry}: never served at or after it. */
    private record Entry(byte[] value, boolean notFound, long freshUntil, long retryAt, long backoffMillis, String lastError,
                         long hardExpiry, Instant expiresAt, Instant rotatesAt) {
    }

    private final Clock clock;
    private final long ttl;
    private final long notFoundTtl;
    private final long maxStale;
    private final long initialBackoff;
    private final long maxBackoff;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Status> statuses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Result>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public SecretCache(Clock clock, Duration ttl, Duration notFoundTtl, Duration maxStale, Duration initialBackoff, Duration maxBackoff) {
        this.clock = clock;
        this.ttl = ttl.toMillis();
        this.notFoundTtl = notFoundTtl.toMillis();
        this.maxStale = maxStale.toMillis();
        this.initialBackoff = initialBackoff.toMillis();
        this.maxBackoff = maxBackoff.toMillis();
    }

    /** Beyond this many keys nothing new is kept (lookups still work, uncached): references come from realm config. */
    static final int MAX_KEYS = 10_000;

    public Result get(String key, Loader loader) {
        Result cached = cached(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return copy(running.join());
            } catch (CompletionException ex) {
                return new Result(Optional.empty(), Outcome.FAILED, String.valueOf(ex.getCause()));
            }
        }
        try {
            // A fetch that ended between the look above and taking the lead has stored its entry: no second call.
            Result r = cached(key);
            if (r == null) {
                r = load(key, loader);
            }
            mine.complete(r);
            return copy(r);
        } catch (RuntimeException ex) {
            mine.completeExceptionally(ex);
            throw ex;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The answer the cache can give without the backend (fresh, "not found", or stale while failing); else null. */
    private Result cached(String key) {
        long now = clock.millis();
        Entry e = entries.get(key);
        if (e != null && now < e.freshUntil && now < e.hardExpiry) {
            return e.notFound ? new Result(Optional.empty(), Outcome.NOT_FOUND, "not found (cached)") : hit(e, Outcome.HIT, "cached");
        }
        if (e != null && e.value != null && now < e.retryAt && now < e.freshUntil + maxStale && now < e.hardExpiry) {
            return hit(e, Outcome.STALE, "backend failing, serving the value fetched before (" + e.lastError + ")");
        }
        return null;
    }

    /** Drops the matching entries on this node; returns how many held a value or a "not found". */
    public int invalidate(Predicate<String> keys) {
        generation.incrementAndGet();
        int[] n = {0};
        entries.keySet().removeIf(k -> keys.test(k) && ++n[0] > 0);
        return n[0];
    }

    /** The last backend call for a key on this node, if any. */
    public Optional<Status> status(String key) {
        return Optional.ofNullable(statuses.get(key));
    }

    private Result load(String key, Loader loader) {
        long gen = generation.get();
        Result r = fetch(key, loader, gen);
        if (statuses.size() < MAX_KEYS || statuses.containsKey(key)) {
            statuses.put(key, new Status(Instant.ofEpochMilli(clock.millis()), r.outcome(), r.detail(), r.expiresAt(), r.rotatesAt()));
        }
        return r;
    }

    private Result fetch(String key, Loader loader, long gen) {
        try {
            FetchedSecret f = loader.load();
            long now = clock.millis();
            long hard = f.expiresAt() == null ? Long.MAX_VALUE : millis(f.expiresAt());
            if (now >= hard) {
                Arrays.fill(f.value(), (byte) 0);
                entries.remove(key);
                return new Result(Optional.empty(), Outcome.FAILED, "the secret expired at " + f.expiresAt(), f.expiresAt(), f.rotatesAt());
            }
            long freshUntil = Math.min(saturatedAdd(now, ttl), hard);
            if (f.rotatesAt() != null && millis(f.rotatesAt()) > now) {
                freshUntil = Math.min(freshUntil, millis(f.rotatesAt()));
            }
            Entry fresh = new Entry(f.value().clone(), false, freshUntil, 0, 0, null, hard, f.expiresAt(), f.rotatesAt());
            store(key, fresh, gen);
            Arrays.fill(f.value(), (byte) 0);
            return new Result(Optional.of(fresh.value), Outcome.FETCHED, "fetched", f.expiresAt(), f.rotatesAt());
        } catch (BackendException ex) {
            long now = clock.millis();
            if (ex.kind() == BackendException.Kind.NOT_FOUND) {
                store(key, new Entry(null, true, saturatedAdd(now, notFoundTtl), 0, 0, ex.getMessage(), Long.MAX_VALUE, null, null), gen);
                return new Result(Optional.empty(), Outcome.NOT_FOUND, ex.getMessage());
            }
            Entry old = entries.get(key);
            if (ex.kind().transientFailure && old != null && old.value != null && now < old.freshUntil + maxStale && now < old.hardExpiry) {
                long backoff = old.backoffMillis == 0 ? initialBackoff : Math.min(maxBackoff, old.backoffMillis * 2);
                store(key, new Entry(old.value, false, old.freshUntil, now + backoff, backoff, ex.kind() + ": " + ex.getMessage(),
                        old.hardExpiry, old.expiresAt, old.rotatesAt), gen);
                return new Result(Optional.of(old.value), Outcome.STALE,
                        "backend failing (" + ex.kind() + ": " + ex.getMessage() + "), serving the value fetched before; retry in " + backoff + " ms",
                        old.expiresAt, old.rotatesAt);
            }
            entries.remove(key);
            return new Result(Optional.empty(), Outcome.FAILED, ex.kind() + ": " + ex.getMessage());
        } catch (RuntimeException ex) {
            // A backend bug must fail this lookup, not the caller's request (an SMTP send, a broker login).
            entries.remove(key);
            return new Result(Optional.empty(), Outcome.FAILED, "backend error: " + ex.getClass().getSimpleName());
        }
    }

    /**
     * Keeps an entry unless a flush happened since its fetch began: the flushed value must not come back. Put, then
     * check: a flush that lands between a check and a put would otherwise miss the entry.
     */
    private void store(String key, Entry e, long gen) {
        if (entries.size() >= MAX_KEYS && !entries.containsKey(key)) {
            return;
        }
        entries.put(key, e);
        if (generation.get() != gen) {
            entries.remove(key, e);
        }
    }

    /** Instants far in the future (year 1e9) don't fit in epoch millis: they mean "never" here. */
    private static long millis(Instant t) {
        return t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE)) ? Long.MAX_VALUE
                : t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE)) ? Long.MIN_VALUE : t.toEpochMilli();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static Result hit(Entry e, Outcome outcome, String detail) {
        return new Result(Optional.of(e.value.clone()), outcome, detail, e.expiresAt, e.rotatesAt);
    }

    private static Result copy(Result r) {
        return r.value.isEmpty() ? r : new Result(Optional.of(r.value.get().clone()), r.outcome, r.detail, r.expiresAt, r.rotatesAt);
    }
}
