package dev.gatehouse.vault.backend;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
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
 *
 * <p>After each fetch, {@code DescribeSecret} tells when the secret next rotates ({@code NextRotationDate}, when
 * rotation is on; clamped to 1970..9999 like every backend date), so the cache refreshes then and the provider can
 * warn ahead. A role without
 * {@code secretsmanager:DescribeSecret} still gets its values, without rotation dates.
 */
public final class AwsSecretsManagerBackend implements SecretBackend {

    public static final String ID = "aws";
    private static final Pattern VERSION_ID = Pattern.compile("^[0-9a-fA-F-]{32,64}$");
    private static final Logger LOG = Logger.getLogger(AwsSecretsManagerBackend.class);
    /** How long a denied DescribeSecret is not asked again: an IAM change is rare, a call per fetch is not free. */
    static final Duration DESCRIBE_DENIED_RETRY = Duration.ofHours(1);
    /** After another DescribeSecret failure (throttled, down, unsupported by an emulator): don't add to the load. */
    static final Duration DESCRIBE_FAILED_RETRY = Duration.ofMinutes(5);

    private final SecretsManagerClient client;
    private final Clock clock;
    /** Epoch millis before which DescribeSecret is skipped (it was denied or failing); 0 when it works. */
    private volatile long describeSkippedUntil;

    public AwsSecretsManagerBackend(String region, URI endpoint, Duration timeout) {
        this(region, endpoint, timeout, Clock.systemUTC());
    }

    public AwsSecretsManagerBackend(String region, URI endpoint, Duration timeout, Clock clock) {
        this.clock = clock;
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
            byte[] value;
            if (r.secretString() != null) {
                value = r.secretString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else if (r.secretBinary() != null) {
                value = r.secretBinary().asByteArray();
            } else {
                throw new BackendException(BackendException.Kind.BAD_RESPONSE, "secret " + name + " has no value");
            }
            return new FetchedSecret(value, null, nextRotation(name));
        } catch (ResourceNotFoundException e) {
            throw new BackendException(BackendException.Kind.NOT_FOUND, "AWS Secrets Manager has no secret " + name
                    + (version == null ? "" : " version " + version));
        } catch (SecretsManagerException e) {
            throw translate(e, name);
        } catch (SdkClientException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "AWS Secrets Manager unreachable: "
                    + BackendException.sanitize(e.getMessage()), e);
        }
    }

    /**
     * The secret's NextRotationDate when rotation is on, else null. Never fails the fetch: a least-privilege role
     * may lack secretsmanager:DescribeSecret, and the value it already has is what the login needs.
     */
    private Instant nextRotation(String name) {
        long now = clock.millis();
        if (now < describeSkippedUntil) {
            return null;
        }
        try {
            DescribeSecretResponse d = client.describeSecret(DescribeSecretRequest.builder().secretId(name).build());
            describeSkippedUntil = 0;
            return Boolean.TRUE.equals(d.rotationEnabled()) ? d.nextRotationDate() : null;
        } catch (SecretsManagerException e) {
            // The error code only: AWS's message names the secret's ARN and the role, which the log needn't repeat.
            boolean denied = "AccessDeniedException".equals(code(e));
            Duration wait = denied ? DESCRIBE_DENIED_RETRY : DESCRIBE_FAILED_RETRY;
            describeSkippedUntil = now + wait.toMillis();
            LOG.infof("gatehouse vault: AWS DescribeSecret %s (%s); secrets are served without their rotation date, asked again in %s%s",
                    denied ? "denied" : "failed", code(e), wait, denied ? " (grant secretsmanager:DescribeSecret for rotation warnings)" : "");
        } catch (SdkClientException e) {
            describeSkippedUntil = now + DESCRIBE_FAILED_RETRY.toMillis();
            LOG.infof("gatehouse vault: AWS DescribeSecret failed (%s); secrets are served without their rotation date, asked again in %s",
                    e.getClass().getSimpleName(), DESCRIBE_FAILED_RETRY);
        }
        return null;
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
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "AWS Secrets Manager unreachable: "
                    + BackendException.sanitize(e.getMessage()), e);
        }
    }

    private static BackendException translate(SecretsManagerException e, String name) {
        String code = code(e);
        String what = code + " for " + name + ": "
                + BackendException.sanitize(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
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
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode()
                : BackendException.sanitize(e.awsErrorDetails().errorCode());
    }

    @Override
    public void close() {
        client.close();
    }
}
