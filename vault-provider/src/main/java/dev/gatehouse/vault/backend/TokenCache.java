package dev.gatehouse.vault.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import dev.gatehouse.vault.BackendException;

/**
 * One access token shared by a backend's lookups:
 * <ul>
 * <li>single flight: however many lookups need a token, one request is made; the others wait for it;</li>
 * <li>renewal ahead of expiry: once the token is due for renewal, one lookup renews it while the others go on with
 * the still-valid token (and if renewal fails, so does everyone until the old token runs out);</li>
 * <li>backoff: after a failed request, no new one for 1 s, doubling up to 60 s, reset by a success; meanwhile
 * lookups that have no valid token fail at once with the last error. Every failure kind backs off, access denied
 * too: a wrong credential or role is a configuration error that asking faster doesn't heal, and an endpoint that
 * refuses us should not see one request per login either.</li>
 * </ul>
 * Lifetimes are believed up to {@link #MAX_LIFETIME}.
 */
final class TokenCache {

    /** A token's lifetime is believed up to a day: a longer (or absurd) one is renewed after a day anyway. */
    static final Duration MAX_LIFETIME = Duration.ofDays(1);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** A token with when to renew it and when it stops working, in epoch millis. */
    record Token(String value, long renewAt, long expiresAt) {

        /**
         * A token that lives {@code lifetimeSeconds} from {@code now} (capped at {@link #MAX_LIFETIME}), renewed
         * {@code early} before it expires, or at half its life if that is shorter.
         */
        static Token of(String value, long lifetimeSeconds, long now, Duration early) {
            long millis = Math.min(lifetimeSeconds, MAX_LIFETIME.toSeconds()) * 1000;
            return new Token(value, now + millis - Math.min(early.toMillis(), millis / 2), now + millis);
        }
    }

    /** Makes one token request. */
    interface Source {
        Token request() throws BackendException;
    }

    private final Source source;
    private final Clock clock;
    private final ReentrantLock requesting = new ReentrantLock();
    private volatile Token current;
    // Guarded by requesting.
    private BackendException lastFailure;
    private long retryAt;
    private long backoffMillis;

    TokenCache(Source source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A token valid now: the cached one, or a new one. */
    String token() throws BackendException {
        Token t = current;
        if (t != null && clock.millis() < t.renewAt()) {
            return t.value();
        }
        if (t != null && clock.millis() < t.expiresAt()) {
            if (!requesting.tryLock()) {
                return t.value(); // another lookup is renewing; this one still works meanwhile
            }
        } else {
            requesting.lock();
        }
        try {
            t = current;
            long now = clock.millis();
            if (t != null && now < t.renewAt()) {
                return t.value(); // renewed while this lookup waited
            }
            boolean stillValid = t != null && now < t.expiresAt();
            if (lastFailure != null && now < retryAt) {
                if (stillValid) {
                    return t.value();
                }
                throw new BackendException(lastFailure.kind(), lastFailure.getMessage(), lastFailure);
            }
            try {
                Token fresh = source.request();
                current = fresh;
                lastFailure = null;
                backoffMillis = 0;
                return fresh.value();
            } catch (BackendException e) {
                backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF.toMillis() : Math.min(MAX_BACKOFF.toMillis(), backoffMillis * 2);
                retryAt = clock.millis() + backoffMillis;
                lastFailure = e;
                if (stillValid) {
                    return t.value(); // renewal failed early: the old token still works
                }
                throw e;
            }
        } finally {
            requesting.unlock();
        }
    }

    /** The API refused {@code used} (revoked, or expired early): the next {@link #token()} asks for a new one. */
    void refused(String used) {
        requesting.lock();
        try {
            Token t = current;
            if (t != null && t.value().equals(used)) {
                current = null;
            }
        } finally {
            requesting.unlock();
        }
    }
}
