package dev.gatehouse.vault.backend;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.SecretBackend;
import dev.gatehouse.vault.VaultOption;

/**
 * AWS Secrets Manager through the AWS SDK for Java v2 with its URL-connection HTTP client (no Netty, no Apache
 * client). Credentials come from the SDK's default chain: environment, system properties, web identity (IRSA,
 * with the STS module shipped alongside), profile, container and instance metadata. A version is a stage
 * (AWSCURRENT, AWSPREVIOUS, custom) or, when it looks like one, a version id.
 */
public final class AwsSecretsManagerBackend implements SecretBackend {

    public static final String ID = "aws";
    private static final Pattern VERSION_ID = Pattern.compile("^[0-9a-fA-F-]{32,64}$");

    private final SecretsManagerClient client;

    public AwsSecretsManagerBackend(String region, URI endpoint, Duration timeout) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // Our cache retries with backoff and serves stale values; SDK retries would only stall logins.
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(r -> r.maxAttempts(1))
                        .apiCallTimeout(timeout.multipliedBy(2)));
        if (region != null && !region.isBlank()) {
            b.region(Region.of(region));
        }
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        try {
            this.client = b.build();
        } catch (SdkClientException e) {
            if (region != null && !region.isBlank()) {
                throw e;
            }
            // Without aws-region the SDK looks for one in AWS_REGION, the profile and instance metadata.
            throw new IllegalArgumentException(VaultOption.AWS_REGION.key() + " is not set and the AWS SDK found no region"
                    + " (AWS_REGION, profile, instance metadata): " + e.getMessage());
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public FetchedSecret fetch(String name, String version) throws BackendException {
        GetSecretValueRequest.Builder req = GetSecretValueRequest.builder().secretId(name);
        if (version != null) {
            if (VERSION_ID.matcher(version).matches()) {
                req.versionId(version);
            } else {
                req.versionStage(version);
            }
        }
        try {
            GetSecretValueResponse r = client.getSecretValue(req.build());
            if (r.secretString() != null) {
                return FetchedSecret.of(r.secretString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (r.secretBinary() != null) {
                return FetchedSecret.of(r.secretBinary().asByteArray());
            }
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "secret " + name + " has no value");
        } catch (ResourceNotFoundException e) {
            throw new BackendException(BackendException.Kind.NOT_FOUND, "AWS Secrets Manager has no secret " + name
                    + (version == null ? "" : " version " + version));
        } catch (SecretsManagerException e) {
            throw translate(e, name);
        } catch (SdkClientException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "AWS Secrets Manager unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void check() throws BackendException {
        try {
            client.listSecrets(ListSecretsRequest.builder().maxResults(1).build());
        } catch (SecretsManagerException e) {
            // Least-privilege roles may lack ListSecrets: reaching AWS and being authenticated is what we check.
            if (!"AccessDeniedException".equals(code(e))) {
                throw translate(e, "(check)");
            }
        } catch (SdkClientException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "AWS Secrets Manager unreachable: " + e.getMessage(), e);
        }
    }

    private static BackendException translate(SecretsManagerException e, String name) {
        String code = code(e);
        String what = code + " for " + name + ": " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        return switch (code) {
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
                 "DecryptionFailure" -> new BackendException(BackendException.Kind.ACCESS_DENIED, what);
            case "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded" ->
                    new BackendException(BackendException.Kind.THROTTLED, what);
            case "InternalServiceError", "ServiceUnavailable", "InternalFailure" -> new BackendException(BackendException.Kind.UNAVAILABLE, what);
            default -> e.statusCode() >= 500 ? new BackendException(BackendException.Kind.UNAVAILABLE, what)
                    : new BackendException(BackendException.Kind.BAD_RESPONSE, what);
        };
    }

    private static String code(SecretsManagerException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
    }

    @Override
    public void close() {
        client.close();
    }
}
