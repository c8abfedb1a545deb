package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultOption.*;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gatehouse.vault.backend.AwsSecretsManagerBackend;
import dev.gatehouse.vault.backend.EnvironmentBackend;
import dev.gatehouse.vault.backend.HashiCorpVaultBackend;

/**
 * Builds the resolver from the provider's options (the {@code --spi-vault--gatehouse--<name>} values, named and
 * defaulted by {@link VaultOption}), so tests and benchmarks build exactly what Keycloak builds. Every error names
 * the option.
 */
public final class ResolverConfig {

    private ResolverConfig() {
    }

    /** Options by name (null when unset); split out so tests build the same resolver without Keycloak. */
    public interface Options {
        String get(String name);

        /** The option's value, else its declared default (null when it has none). */
        default String get(VaultOption option) {
            return get(option, option.defaultValue());
        }

        /** The option's value, else {@code dflt}: for defaults that depend on other options. */
        default String get(VaultOption option, String dflt) {
            String v = get(option.key());
            return v == null || v.isBlank() ? dflt : v.trim();
        }
    }

    public static SecretResolver build(Options o, Map<String, String> environment, HostServices host) {
        List<String> ids = Arrays.stream(o.get(BACKENDS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Map<String, SecretBackend> backends = new LinkedHashMap<>();
        for (String id : ids) {
            backends.put(id, switch (id) {
                case EnvironmentBackend.ID -> new EnvironmentBackend(environment);
                case AwsSecretsManagerBackend.ID -> new AwsSecretsManagerBackend(o.get(AWS_REGION), uri(o, AWS_ENDPOINT),
                        duration(o, AWS_TIMEOUT));
                case HashiCorpVaultBackend.ID -> hashicorp(o, host);
                default -> throw new IllegalArgumentException(BACKENDS.key() + ": unknown backend " + id + " (env, aws, hashicorp)");
            });
        }
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(BACKENDS.key() + ": at least one backend");
        }
        SecretNames names = new SecretNames(o.get(NAME_TEMPLATE), Boolean.parseBoolean(o.get(CROSS_REALM)), o.get(ENV_PREFIX));
        SecretCache cache = new SecretCache(Clock.systemUTC(), duration(o, CACHE_TTL), duration(o, NOT_FOUND_TTL),
                duration(o, MAX_STALE), duration(o, RETRY_BACKOFF), duration(o, RETRY_BACKOFF_MAX));
        return new SecretResolver(backends, o.get(DEFAULT_BACKEND, ids.get(0)), names, cache);
    }

    private static HashiCorpVaultBackend hashicorp(Options o, HostServices host) {
        URI address = uri(o, HASHICORP_ADDRESS);
        if (address == null) {
            throw new IllegalArgumentException(HASHICORP_ADDRESS.key() + " is required for the hashicorp backend");
        }
        HashiCorpVaultBackend.Auth auth;
        try {
            auth = HashiCorpVaultBackend.Auth.valueOf(o.get(HASHICORP_AUTH).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HASHICORP_AUTH.key() + " must be token, approle or kubernetes");
        }
        int kvVersion;
        try {
            kvVersion = Integer.parseInt(o.get(HASHICORP_KV_VERSION));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HASHICORP_KV_VERSION.key() + " must be 1 or 2");
        }
        String timeout = o.get(HASHICORP_TIMEOUT);
        return new HashiCorpVaultBackend(new HashiCorpVaultBackend.Settings(address, o.get(HASHICORP_NAMESPACE), auth,
                path(o, HASHICORP_TOKEN_FILE), o.get(HASHICORP_ROLE_ID), path(o, HASHICORP_SECRET_ID_FILE),
                o.get(HASHICORP_KUBERNETES_ROLE), path(o, HASHICORP_KUBERNETES_JWT_FILE),
                o.get(HASHICORP_AUTH_MOUNT, auth.name().toLowerCase(Locale.ROOT)),
                o.get(HASHICORP_KV_MOUNT), kvVersion, timeout == null ? null : duration(o, HASHICORP_TIMEOUT)), host, Clock.systemUTC());
    }

    private static Duration duration(Options o, VaultOption option) {
        String v = o.get(option);
        try {
            Duration d = v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException(option.key() + " must not be negative");
            }
            d.toMillis(); // the cache counts in milliseconds: refuse what overflows them
            return d;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option.key() + " must be seconds or an ISO-8601 duration such as PT5M, not " + v);
        }
    }

    private static URI uri(Options o, VaultOption option) {
        String v = o.get(option);
        if (v == null) {
            return null;
        }
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option.key() + " must be an http(s) URL, not " + v);
        }
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
            throw new IllegalArgumentException(option.key() + " must be an http(s) URL, not " + v);
        }
        return u;
    }

    private static Path path(Options o, VaultOption option) {
        String v = o.get(option);
        try {
            return v == null ? null : Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(option.key() + " is not a file path: " + e.getReason());
        }
    }
}
