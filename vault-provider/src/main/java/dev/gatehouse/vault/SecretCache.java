package dev.gatehouse.vault;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;

/**
 * Per-node cache of resolved secrets (never shared across nodes, never persisted).
 * <ul>
 * <li>A value is fresh for {@code ttl}; "not found" is remembered for {@code notFoundTtl}.</li>
 * <li>Concurrent misses for one key make one backend call; the others wait for it.</li>
 * <li>When a refresh fails transiently (backend down, throttled), the expired value is served for up to
 * {@code maxStale} past its expiry, and the backend is retried with exponential backoff, not on every lookup.</li>
 * <li>Access denied or a bad response are not transient: the value stops being served.</li>
 * <li>Every lookup gets its own copy: Keycloak wipes the array it is given.</li>
 * </ul>
 */
public final class SecretCache {

    /** What a lookup ended with, for logs and events. */
    public enum Outcome { HIT, FETCHED, NOT_FOUND, STALE, FAILED }

    public record Result(Optional<byte[]> value, Outcome outcome, String detail) {
    }

    /** A backend call. */
    public interface Loader {
        byte[] load() throws BackendException;
    }

    private record Entry(byte[] value, boolean notFound, long expiresAt, long retryAt, long backoffMillis, String lastError) {
    }

    private final Clock clock;
    private final long ttl;
    private final long notFoundTtl;
    private final long maxStale;
    private final long initialBackoff;
    private final long maxBackoff;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Result>> inFlight = new ConcurrentHashMap<>();

    public SecretCache(Clock clock, Duration ttl, Duration notFoundTtl, Duration maxStale, Duration initialBackoff, Duration maxBackoff) {
        this.clock = clock;
        this.ttl = ttl.toMillis();
        this.notFoundTtl = notFoundTtl.toMillis();
        this.maxStale = maxStale.toMillis();
        this.initialBackoff = initialBackoff.toMillis();
        this.maxBackoff = maxBackoff.toMillis();
    }

    public Result get(String key, Loader loader) {
        long now = clock.millis();
        Entry e = entries.get(key);
        if (e != null && now < e.expiresAt) {
            return e.notFound ? new Result(Optional.empty(), Outcome.NOT_FOUND, "not found (cached)") : hit(e, Outcome.HIT, "cached");
        }
        if (e != null && e.value != null && now < e.retryAt && now < e.expiresAt + maxStale) {
            return hit(e, Outcome.STALE, "backend failing, serving the value fetched before (" + e.lastError + ")");
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
            Result r = load(key, loader);
            mine.complete(r);
            return copy(r);
        } catch (RuntimeException ex) {
            mine.completeExceptionally(ex);
            throw ex;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Result load(String key, Loader loader) {
        try {
            byte[] value = loader.load();
            Entry fresh = new Entry(value.clone(), false, clock.millis() + ttl, 0, 0, null);
            entries.put(key, fresh);
            Arrays.fill(value, (byte) 0);
            return new Result(Optional.of(fresh.value), Outcome.FETCHED, "fetched");
        } catch (BackendException ex) {
            long now = clock.millis();
            if (ex.kind() == BackendException.Kind.NOT_FOUND) {
                entries.put(key, new Entry(null, true, now + notFoundTtl, 0, 0, ex.getMessage()));
                return new Result(Optional.empty(), Outcome.NOT_FOUND, ex.getMessage());
            }
            Entry old = entries.get(key);
            if (ex.kind().transientFailure && old != null && old.value != null && now < old.expiresAt + maxStale) {
                long backoff = old.backoffMillis == 0 ? initialBackoff : Math.min(maxBackoff, old.backoffMillis * 2);
                entries.put(key, new Entry(old.value, false, old.expiresAt, now + backoff, backoff, ex.kind() + ": " + ex.getMessage()));
                return new Result(Optional.of(old.value), Outcome.STALE,
                        "backend failing (" + ex.kind() + ": " + ex.getMessage() + "), serving the value fetched before; retry in " + backoff + " ms");
            }
            entries.remove(key);
            return new Result(Optional.empty(), Outcome.FAILED, ex.kind() + ": " + ex.getMessage());
        }
    }

    private static Result hit(Entry e, Outcome outcome, String detail) {
        return new Result(Optional.of(e.value.clone()), outcome, detail);
    }

    private static Result copy(Result r) {
        return r.value.isEmpty() ? r : new Result(Optional.of(r.value.get().clone()), r.outcome, r.detail);
    }
}
