package dev.gatehouse.authenticators.apikey.keycloak;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.timer.TimerProvider;

import dev.gatehouse.authenticators.apikey.ApiKeySettings;
import dev.gatehouse.authenticators.apikey.KeyCache;
import dev.gatehouse.authenticators.apikey.RateHints;
import dev.gatehouse.authenticators.apikey.UsageTally;

/**
 * What one node keeps for API keys, held by {@link ApiKeyResourceFactory}: the bounded cache of key records by
 * hash and the usage tally, flushed to the tables every {@value #FLUSH_MILLIS} ms by a per-node timer task (a
 * crash loses at most that much of the statistics; the audit log records every use). Also deletes a removed
 * owner's or realm's keys.
 */
public final class ApiKeyRuntime {

    public static final long FLUSH_MILLIS = 10_000;
    public static final int CACHE_CAPACITY = 10_000;
    /** Keys × days held between flushes. */
    public static final int TALLY_CAPACITY = 100_000;
    static final String TASK = "gatehouse-api-key-usage";

    private static final Logger LOG = Logger.getLogger(ApiKeyRuntime.class);

    private final KeyCache cache = new KeyCache(CACHE_CAPACITY, Time::currentTimeMillis);
    private final UsageTally tally = new UsageTally(TALLY_CAPACITY);
    private final SecureRandom random = new SecureRandom();
    private final RateHints rateHints = new RateHints(CACHE_CAPACITY);
    /** Parsed settings per realm id, with the config they were parsed from: reparsed only when it changes. */
    private final Map<String, Parsed> settings = new ConcurrentHashMap<>();

    private record Parsed(Map<String, String> config, ApiKeySettings settings) {
    }

    /**
     * Sets of names kept for cacheSeconds: the client scopes a realm's users or a client's service account may give
     * a key, and the roles of a key its owner holds.
     */
    private final Map<String, Names> names = new ConcurrentHashMap<>();

    private record Names(Set<String> names, long until) {
    }
    private volatile KeycloakSessionFactory factory;

    /** The node's runtime. */
    public static ApiKeyRuntime of(KeycloakSessionFactory factory) {
        return ((ApiKeyResourceFactory) factory.getProviderFactory(RealmResourceProvider.class,
                ApiKeyResourceFactory.PROVIDER_ID)).runtime();
    }

    public KeyCache cache() {
        return cache;
    }

    public UsageTally tally() {
        return tally;
    }

    public SecureRandom random() {
        return random;
    }

    public RateHints rateHints() {
        return rateHints;
    }

    /** The names under {@code key}, computed by {@code load} at most once per {@code ttlMillis}. */
    public Set<String> names(String key, long ttlMillis, Supplier<Set<String>> load) {
        long now = Time.currentTimeMillis();
        Names n = names.get(key);
        if (n == null || now >= n.until()) {
            if (names.size() >= CACHE_CAPACITY) {
                names.clear();
            }
            n = new Names(Collections.unmodifiableSet(new LinkedHashSet<>(load.get())), now + ttlMillis);
            if (ttlMillis > 0) {
                names.put(key, n);
            }
        }
        return n.names();
    }

    /** The realm's settings, parsed once per change of its config (a broken one logs once per change). */
    public ApiKeySettings settings(RealmModel realm) {
        Map<String, String> config = ApiKeySettingsLoader.config(realm);
        Parsed p = settings.get(realm.getId());
        if (p == null || !p.config().equals(config)) {
            if (settings.size() >= CACHE_CAPACITY) {
                settings.clear();
            }
            p = new Parsed(Map.copyOf(config), ApiKeySettingsLoader.load(realm));
            settings.put(realm.getId(), p);
        }
        return p.settings();
    }

    /** Schedules the flush and listens for removed owners and realms. */
    public void start(KeycloakSessionFactory sessionFactory) {
        this.factory = sessionFactory;
        sessionFactory.register(this::onEvent);
        KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> session.getProvider(TimerProvider.class)
                .scheduleTask(this::flush, FLUSH_MILLIS, TASK));
    }

    /** A last flush at shutdown. */
    public void stop() {
        KeycloakSessionFactory f = factory;
        if (f != null) {
            try {
                KeycloakModelUtils.runJobInTransaction(f, this::flush);
            } catch (RuntimeException e) {
                LOG.warnf("API key usage not flushed at shutdown: %s", e.getClass().getSimpleName());
            }
        }
    }

    /** Writes the tally; a failed write puts it back for the next run (one log line, no stack trace). */
    public void flush(KeycloakSession session) {
        List<UsageTally.Entry> entries = tally.drain();
        if (entries.isEmpty()) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                    s -> new ApiKeyStore(s).add(entries));
        } catch (RuntimeException e) {
            tally.restore(entries);
            LOG.warnf("API key usage of %d key-days not written yet (%s); retrying", entries.size(),
                    e.getClass().getSimpleName());
        }
    }

    private void onEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent e) {
            new ApiKeyStore(e.getKeycloakSession()).deleteOwner(e.getRealm().getId(), e.getUser().getId());
            cache.evictOwner(e.getUser().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            new ApiKeyStore(e.getKeycloakSession()).deleteRealm(e.getRealm().getId());
            settings.remove(e.getRealm().getId());
        }
    }
}
