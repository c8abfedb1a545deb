package dev.gatehouse.vault;

import dev.gatehouse.vault.backend.EnvironmentBackend;

/**
 * The provider's options ({@code --spi-vault--gatehouse--<name>}), declared once: the factory's metadata, the
 * parsing in {@link ResolverConfig} and the table in docs/vault.md all come from these names and defaults.
 */
public enum VaultOption {
    BACKENDS("backends", EnvironmentBackend.ID, "Active backends, comma-separated: env, aws, hashicorp, azure, gcp."),
    DEFAULT_BACKEND("default-backend", null, "Backend of references without a 'backend:' prefix. Default: the first of backends."),
    NAME_TEMPLATE("name-template", "keycloak/{realm}/{name}",
            "Backend name of a secret (for azure and gcp, then flattened: see docs); must contain {realm} unless cross-realm is true."),
    CROSS_REALM("cross-realm", "false", "Allow a name-template without {realm}, so every realm reads the same secrets.", true),
    ENV_PREFIX("env-prefix", "KC_VAULT_",
            "Prefix of environment variables, which are prefix + realm + __ + name, every character but letters and digits as _ and two hex digits."),
    CACHE_TTL("cache-ttl", "PT5M", "How long a fetched secret is served from memory."),
    NOT_FOUND_TTL("not-found-ttl", "PT30S", "How long 'not found' is remembered."),
    MAX_STALE("max-stale", "PT1H", "How long past its TTL a value is still served while the backend is down or throttling."),
    RETRY_BACKOFF("retry-backoff", "PT5S", "First wait before retrying a failing backend; doubles each failure."),
    RETRY_BACKOFF_MAX("retry-backoff-max", "PT5M", "Longest wait between retries of a failing backend."),
    EXPIRY_WARNING("expiry-warning", "P14D",
            "How long before a secret's known expiry or rotation each fetch logs a warning and emits VAULT_SECRET_EXPIRING."),
    AWS_REGION("aws-region", null, "AWS region; default: the SDK's region chain (AWS_REGION, profile, instance metadata)."),
    AWS_ENDPOINT("aws-endpoint", null, "Endpoint override (VPC endpoint, FIPS, or a test server)."),
    AWS_TIMEOUT("aws-timeout", "PT5S", "Connect and read timeout of AWS calls."),
    HASHICORP_ADDRESS("hashicorp-address", null, "Vault address, e.g. https://vault.example.com:8200."),
    HASHICORP_NAMESPACE("hashicorp-namespace", null, "Vault Enterprise namespace (X-Vault-Namespace)."),
    HASHICORP_AUTH("hashicorp-auth", "token", "token, approle or kubernetes."),
    HASHICORP_TOKEN_FILE("hashicorp-token-file", null, "File holding the Vault token (auth token)."),
    HASHICORP_ROLE_ID("hashicorp-role-id", null, "AppRole role id (auth approle)."),
    HASHICORP_SECRET_ID_FILE("hashicorp-secret-id-file", null, "File holding the AppRole secret id (auth approle)."),
    HASHICORP_KUBERNETES_ROLE("hashicorp-kubernetes-role", null, "Vault role for Kubernetes auth."),
    HASHICORP_KUBERNETES_JWT_FILE("hashicorp-kubernetes-jwt-file", "/var/run/secrets/kubernetes.io/serviceaccount/token",
            "Service account token file for Kubernetes auth."),
    HASHICORP_AUTH_MOUNT("hashicorp-auth-mount", null, "Auth method mount path. Default: approle or kubernetes."),
    HASHICORP_KV_MOUNT("hashicorp-kv-mount", "secret", "KV secrets engine mount path."),
    HASHICORP_KV_VERSION("hashicorp-kv-version", "2", "KV engine version, 1 or 2."),
    HASHICORP_TIMEOUT("hashicorp-timeout", null,
            "Connect and read timeout of Vault calls. Default: Keycloak's outgoing HTTP settings (connections-http-client)."),

    AZURE_VAULT_URL("azure-vault-url", null, "Key Vault URL, e.g. https://my-vault.vault.azure.net."),
    AZURE_AUTH("azure-auth", "managed-identity", "managed-identity, client-secret, client-certificate or workload-identity."),
    AZURE_TENANT_ID("azure-tenant-id", null, "Microsoft Entra tenant id. Default: AZURE_TENANT_ID."),
    AZURE_CLIENT_ID("azure-client-id", null,
            "Application (client) id; with managed-identity, a user-assigned identity. Default: AZURE_CLIENT_ID."),
    AZURE_CLIENT_SECRET_FILE("azure-client-secret-file", null, "File holding the client secret (auth client-secret)."),
    AZURE_CLIENT_CERTIFICATE_FILE("azure-client-certificate-file", null,
            "PEM file with the client certificate and its PKCS#8 private key (auth client-certificate)."),
    AZURE_FEDERATED_TOKEN_FILE("azure-federated-token-file", null,
            "Federated token file (auth workload-identity), re-read for every token. Default: AZURE_FEDERATED_TOKEN_FILE."),
    AZURE_AUTHORITY_HOST("azure-authority-host", null,
            "Microsoft Entra authority. Default: AZURE_AUTHORITY_HOST, else https://login.microsoftonline.com."),
    AZURE_IMDS_ENDPOINT("azure-imds-endpoint", "http://169.254.169.254", "Instance metadata endpoint (auth managed-identity)."),
    AZURE_TIMEOUT("azure-timeout", null,
            "Connect and read timeout of Azure calls. Default: Keycloak's outgoing HTTP settings (connections-http-client)."),

    GCP_PROJECT("gcp-project", null, "Google Cloud project id or number that holds the secrets."),
    GCP_AUTH("gcp-auth", "metadata", "metadata (the instance's service account) or service-account-key."),
    GCP_SERVICE_ACCOUNT_KEY_FILE("gcp-service-account-key-file", null,
            "Service-account JSON key file (auth service-account-key). Default: GOOGLE_APPLICATION_CREDENTIALS."),
    GCP_ENDPOINT("gcp-endpoint", "https://secretmanager.googleapis.com",
            "Secret Manager endpoint; a regional one such as https://secretmanager.europe-west1.rep.googleapis.com."),
    GCP_METADATA_HOST("gcp-metadata-host", null, "Metadata server host (auth metadata). Default: GCE_METADATA_HOST, else metadata.google.internal."),
    GCP_TIMEOUT("gcp-timeout", null,
            "Connect and read timeout of Google calls. Default: Keycloak's outgoing HTTP settings (connections-http-client)."),
    ;

    private final String key;
    private final String defaultValue;
    private final String helpText;
    private final boolean flag;

    VaultOption(String key, String defaultValue, String helpText) {
        this(key, defaultValue, helpText, false);
    }

    VaultOption(String key, String defaultValue, String helpText, boolean flag) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.helpText = helpText;
        this.flag = flag;
    }

    /** The name after {@code --spi-vault--gatehouse--}. */
    public String key() {
        return key;
    }

    /** The default, or null when there is none (or it depends on other options, as the help text says). */
    public String defaultValue() {
        return defaultValue;
    }

    public String helpText() {
        return helpText;
    }

    /** True for on/off options; all others are text. */
    public boolean flag() {
        return flag;
    }
}
