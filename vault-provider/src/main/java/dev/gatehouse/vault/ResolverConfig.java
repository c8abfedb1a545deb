package dev.gatehouse.vault;

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
 * Builds the resolver from the provider's options (the {@code --spi-vault--gatehouse--<name>} values), so tests
 * and benchmarks build exactly what Keycloak builds. Every error names the option.
 */
public final class ResolverConfig {

    private ResolverConfig() {
    }

    /** Options by name (null when unset); split out so tests build the same resolver without Keycloak. */
    public interface Options {
        String get(String name);

        default String get(String name, String dflt) {
            String v = get(name);
            return v == null || v.isBlank() ? dflt : v.trim();
        }
    }

    public static SecretResolver build(Options o, Map<String, String> environment) {
        List<String> ids = Arrays.stream(o.get("backends", EnvironmentBackend.ID).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        Map<String, SecretBackend> backends = new LinkedHashMap<>();
        for (String id : ids) {
            backends.put(id, switch (id) {
                case EnvironmentBackend.ID -> new EnvironmentBackend(environment);
                case AwsSecretsManagerBackend.ID -> new AwsSecretsManagerBackend(o.get("aws-region"), uri(o, "aws-endpoint"),
                        duration(o, "aws-timeout", "PT5S"));
                case HashiCorpVaultBackend.ID -> hashicorp(o);
                default -> throw new IllegalArgumentException("backends: unknown backend " + id + " (env, aws, hashicorp)");
            });
        }
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("backends: at least one backend");
        }
        SecretNames names = new SecretNames(o.get("name-template", "keycloak/{realm}/{name}"),
                Boolean.parseBoolean(o.get("cross-realm", "false")), o.get("env-prefix", "KC_VAULT_"));
        SecretCache cache = new SecretCache(Clock.systemUTC(), duration(o, "cache-ttl", "PT5M"), duration(o, "not-found-ttl", "PT30S"),
                duration(o, "max-stale", "PT1H"), duration(o, "retry-backoff", "PT5S"), duration(o, "retry-backoff-max", "PT5M"));
        return new SecretResolver(backends, o.get("default-backend", ids.get(0)), names, cache);
    }

    private static HashiCorpVaultBackend hashicorp(Options o) {
        URI address = uri(o, "hashicorp-address");
        if (address == null) {
            throw new IllegalArgumentException("hashicorp-address is required for the hashicorp backend");
        }
        HashiCorpVaultBackend.Auth auth;
        try {
            auth = HashiCorpVaultBackend.Auth.valueOf(o.get("hashicorp-auth", "token").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hashicorp-auth must be token, approle or kubernetes");
        }
        int kvVersion;
        try {
            kvVersion = Integer.parseInt(o.get("hashicorp-kv-version", "2"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hashicorp-kv-version must be 1 or 2");
        }
        return new HashiCorpVaultBackend(new HashiCorpVaultBackend.Settings(address, o.get("hashicorp-namespace"), auth,
                path(o, "hashicorp-token-file"), o.get("hashicorp-role-id"), path(o, "hashicorp-secret-id-file"),
                o.get("hashicorp-kubernetes-role"), path(o, "hashicorp-kubernetes-jwt-file", "/var/run/secrets/kubernetes.io/serviceaccount/token"),
                o.get("hashicorp-auth-mount", auth == HashiCorpVaultBackend.Auth.KUBERNETES ? "kubernetes" : "approle"),
                o.get("hashicorp-kv-mount", "secret"), kvVersion, duration(o, "hashicorp-timeout", "PT5S")), Clock.systemUTC());
    }

    private static Duration duration(Options o, String name, String dflt) {
        String v = o.get(name, dflt);
        try {
            Duration d = v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be seconds or an ISO-8601 duration such as PT5M, not " + v);
        }
    }

    private static URI uri(Options o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        URI u = URI.create(v.trim());
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
            throw new IllegalArgumentException(name + " must be an http(s) URL, not " + v);
        }
        return u;
    }

    private static Path path(Options o, String name) {
        return path(o, name, null);
    }

    private static Path path(Options o, String name, String dflt) {
        String v = o.get(name, dflt);
        return v == null ? null : Path.of(v);
    }

}
