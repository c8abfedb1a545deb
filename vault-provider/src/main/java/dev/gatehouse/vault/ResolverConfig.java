package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultOption.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.gatehouse.vault.backend.AwsSecretsManagerBackend;
import dev.gatehouse.vault.backend.AzureKeyVaultBackend;
import dev.gatehouse.vault.backend.GoogleSecretManagerBackend;
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
                case AwsSecretsManagerBackend.ID -> new AwsSecretsManagerBackend(region(o), uri(o, AWS_ENDPOINT),
                        timeout(o, AWS_TIMEOUT));
                case HashiCorpVaultBackend.ID -> hashicorp(o, host);
                case AzureKeyVaultBackend.ID -> azure(o, environment, host);
                case GoogleSecretManagerBackend.ID -> gcp(o, environment, host);
                default -> throw new IllegalArgumentException(BACKENDS.key() + ": unknown backend " + id + " (env, aws, hashicorp, azure, gcp)");
            });
        }
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(BACKENDS.key() + ": at least one backend");
        }
        SecretNames names = new SecretNames(o.get(NAME_TEMPLATE), Boolean.parseBoolean(o.get(CROSS_REALM)), o.get(ENV_PREFIX));
        SecretCache cache = new SecretCache(Clock.systemUTC(), duration(o, CACHE_TTL), duration(o, NOT_FOUND_TTL),
                duration(o, MAX_STALE), duration(o, RETRY_BACKOFF), duration(o, RETRY_BACKOFF_MAX));
        return new SecretResolver(backends, o.get(DEFAULT_BACKEND, ids.get(0)), names, cache, duration(o, EXPIRY_WARNING));
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
                o.get(HASHICORP_KV_MOUNT), kvVersion, timeout == null ? null : timeout(o, HASHICORP_TIMEOUT)), host, Clock.systemUTC());
    }

    private static AzureKeyVaultBackend azure(Options o, Map<String, String> env, HostServices host) {
        URI vaultUrl = uri(o, AZURE_VAULT_URL);
        if (vaultUrl == null) {
            throw new IllegalArgumentException(AZURE_VAULT_URL.key() + " is required for the azure backend");
        }
        AzureKeyVaultBackend.Auth auth = choice(o, AZURE_AUTH, AzureKeyVaultBackend.Auth.values(), AzureKeyVaultBackend.Auth::option);
        String tenant = o.get(AZURE_TENANT_ID, env.get("AZURE_TENANT_ID"));
        String client = o.get(AZURE_CLIENT_ID, env.get("AZURE_CLIENT_ID"));
        Path federated = path(o.get(AZURE_FEDERATED_TOKEN_FILE, env.get("AZURE_FEDERATED_TOKEN_FILE")), AZURE_FEDERATED_TOKEN_FILE);
        if (auth != AzureKeyVaultBackend.Auth.MANAGED_IDENTITY) {
            if (tenant == null || !tenant.matches("[A-Za-z0-9.-]{1,128}")) {
                throw new IllegalArgumentException(AZURE_TENANT_ID.key() + " (or AZURE_TENANT_ID) must name the tenant for azure-auth " + auth.option());
            }
            if (client == null) {
                throw new IllegalArgumentException(AZURE_CLIENT_ID.key() + " (or AZURE_CLIENT_ID) is required for azure-auth " + auth.option());
            }
        }
        Path secretFile = path(o, AZURE_CLIENT_SECRET_FILE);
        Path certificateFile = path(o, AZURE_CLIENT_CERTIFICATE_FILE);
        switch (auth) {
            case CLIENT_SECRET -> require(secretFile, AZURE_CLIENT_SECRET_FILE, auth.option());
            case CLIENT_CERTIFICATE -> require(certificateFile, AZURE_CLIENT_CERTIFICATE_FILE, auth.option());
            case WORKLOAD_IDENTITY -> require(federated, AZURE_FEDERATED_TOKEN_FILE, auth.option() + " (or AZURE_FEDERATED_TOKEN_FILE)");
            case MANAGED_IDENTITY -> { }
        }
        URI authority = uri(o.get(AZURE_AUTHORITY_HOST, env.getOrDefault("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com")),
                AZURE_AUTHORITY_HOST);
        String timeout = o.get(AZURE_TIMEOUT);
        return new AzureKeyVaultBackend(new AzureKeyVaultBackend.Settings(vaultUrl, auth, tenant, client, secretFile, certificateFile,
                federated, authority, uri(o, AZURE_IMDS_ENDPOINT), timeout == null ? null : timeout(o, AZURE_TIMEOUT)), host, Clock.systemUTC());
    }

    /** Project ids (6–30 lowercase letters, digits, hyphens) or numbers. */
    private static final Pattern GCP_PROJECT_NAME = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}");

    private static GoogleSecretManagerBackend gcp(Options o, Map<String, String> env, HostServices host) {
        String project = o.get(GCP_PROJECT);
        if (project == null || !GCP_PROJECT_NAME.matcher(project).matches()) {
            throw new IllegalArgumentException(GCP_PROJECT.key() + " must be a Google Cloud project id or number for the gcp backend"
                    + (project == null ? "" : ", not " + project));
        }
        GoogleSecretManagerBackend.Auth auth = choice(o, GCP_AUTH, GoogleSecretManagerBackend.Auth.values(), GoogleSecretManagerBackend.Auth::option);
        Path keyFile = path(o.get(GCP_SERVICE_ACCOUNT_KEY_FILE, env.get("GOOGLE_APPLICATION_CREDENTIALS")), GCP_SERVICE_ACCOUNT_KEY_FILE);
        if (auth == GoogleSecretManagerBackend.Auth.SERVICE_ACCOUNT_KEY) {
            require(keyFile, GCP_SERVICE_ACCOUNT_KEY_FILE, auth.option() + " (or GOOGLE_APPLICATION_CREDENTIALS)");
        }
        String metadataHost = o.get(GCP_METADATA_HOST, env.getOrDefault("GCE_METADATA_HOST", "metadata.google.internal"));
        if (!metadataHost.matches("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException(GCP_METADATA_HOST.key() + " must be a host name with an optional port, not " + metadataHost);
        }
        String timeout = o.get(GCP_TIMEOUT);
        return new GoogleSecretManagerBackend(new GoogleSecretManagerBackend.Settings(project, auth, keyFile, uri(o, GCP_ENDPOINT),
                metadataHost, timeout == null ? null : timeout(o, GCP_TIMEOUT)), host, Clock.systemUTC());
    }

    private static <E extends Enum<E>> E choice(Options o, VaultOption option, E[] values, java.util.function.Function<E, String> name) {
        String v = o.get(option);
        for (E e : values) {
            if (name.apply(e).equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option.key() + " must be one of "
                + Arrays.stream(values).map(name).collect(java.util.stream.Collectors.joining(", ")) + ", not " + v);
    }

    private static void require(Path file, VaultOption option, String auth) {
        if (file == null) {
            throw new IllegalArgumentException(option.key() + " is required for " + auth);
        }
    }

    /** Longest cache duration: the cache adds them to epoch milliseconds, which must not overflow. */
    static final Duration MAX_CACHE_DURATION = Duration.ofDays(36_500);
    /** Timeouts: under a millisecond is none at all for the HTTP clients, and a longer one only stalls logins. */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /** AWS region names: us-east-1, eu-central-1, us-gov-west-1, cn-north-1, us-isob-east-1; not aws-global. */
    private static final Pattern AWS_REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    private static Duration duration(Options o, VaultOption option) {
        return duration(o, option, Duration.ZERO, MAX_CACHE_DURATION, "0 to 100 years (P36500D)");
    }

    private static Duration timeout(Options o, VaultOption option) {
        return duration(o, option, MIN_TIMEOUT, MAX_TIMEOUT, "1 ms to 1 hour (PT0.001S to PT1H)");
    }

    private static Duration duration(Options o, VaultOption option, Duration min, Duration max, String range) {
        String v = o.get(option);
        Duration d;
        try {
            d = v.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            d = null;
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(option.key() + " must be " + range
                    + ", in seconds or as an ISO-8601 duration such as PT5M, not " + v);
        }
        return d;
    }

    private static String region(Options o) {
        String v = o.get(AWS_REGION);
        if (v != null && !AWS_REGION_NAME.matcher(v).matches()) {
            throw new IllegalArgumentException(AWS_REGION.key() + " must be an AWS region such as eu-west-1, not " + v);
        }
        return v;
    }

    private static URI uri(Options o, VaultOption option) {
        return uri(o.get(option), option);
    }

    private static URI uri(String v, VaultOption option) {
        if (v == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            u = null;
        }
        // A malformed authority (http://127-.0.0.1:4566, a port with letters) parses with a null host.
        if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
            throw new IllegalArgumentException(option.key() + " must be an http(s) URL with a host, not " + v);
        }
        return u;
    }

    private static Path path(Options o, VaultOption option) {
        return path(o.get(option), option);
    }

    private static Path path(String v, VaultOption option) {
        try {
            return v == null ? null : Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(option.key() + " is not a file path: " + e.getReason());
        }
    }
}
