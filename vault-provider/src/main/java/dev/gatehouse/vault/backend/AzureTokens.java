package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.message.BasicNameValuePair;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.VaultOption;
import dev.gatehouse.vault.backend.AzureKeyVaultBackend.Settings;
import dev.gatehouse.vault.backend.HttpTransport.Answer;
import dev.gatehouse.vault.backend.TokenCache.Token;

/**
 * Access tokens for Key Vault (resource {@code https://vault.azure.net}, or a sovereign cloud's) from the instance
 * metadata service (managed identity) or Microsoft Entra ID's v2.0 token endpoint (client secret, client
 * certificate, workload identity), kept in a {@link TokenCache}: reused until five minutes before it expires (half its
 * lifetime if shorter, and at most a day). Credential files are read on every token request, so rotated secrets,
 * certificates and projected service-account tokens are picked up.
 */
final class AzureTokens {

    /** Key Vault's token audience in Azure's public cloud, and for vault URLs that don't name a cloud (tests, proxies). */
    static final String PUBLIC_CLOUD_RESOURCE = "https://vault.azure.net";
    /** {vault}.vault.azure.net, {vault}.vault.azure.cn, {vault}.vault.usgovcloudapi.net: the audience is the domain. */
    private static final Pattern VAULT_HOST = Pattern.compile("[A-Za-z0-9-]+\\.(vault\\..+)");
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final String resource;
    private final HttpTransport entra;
    private final HttpTransport imds;
    private final Clock clock;
    private final TokenCache cache;

    AzureTokens(Settings settings, HostServices host, Clock clock) {
        this.settings = settings;
        this.resource = resourceOf(settings.vaultUrl());
        this.entra = new HttpTransport("Microsoft Entra ID", host, settings.timeout());
        this.imds = new HttpTransport("the Azure instance metadata service", host, settings.timeout());
        this.clock = clock;
        this.cache = new TokenCache(this::request, clock);
    }

    /**
     * The resource (audience) Key Vault accepts tokens for: a sovereign cloud's vault (Azure China, US Government)
     * takes only tokens for its own domain, so it follows from the vault URL rather than from another option.
     */
    static String resourceOf(URI vaultUrl) {
        Matcher m = VAULT_HOST.matcher(vaultUrl.getHost() == null ? "" : vaultUrl.getHost().toLowerCase(Locale.ROOT));
        return m.matches() ? "https://" + m.group(1) : PUBLIC_CLOUD_RESOURCE;
    }

    /** A token valid now: the cached one, or a new one (see {@link TokenCache} for sharing, renewal and backoff). */
    String token() throws BackendException {
        return cache.token();
    }

    /** Key Vault refused {@code used} (revoked, or expired early): the next {@link #token()} asks for a new one. */
    void refused(String used) {
        cache.refused(used);
    }

    private Token request() throws BackendException {
        return switch (settings.auth()) {
            case MANAGED_IDENTITY -> fromImds();
            case CLIENT_SECRET -> fromEntra(List.of(new BasicNameValuePair("client_secret",
                    read(settings.clientSecretFile(), VaultOption.AZURE_CLIENT_SECRET_FILE))));
            case CLIENT_CERTIFICATE -> fromEntra(assertion(certificateAssertion()));
            case WORKLOAD_IDENTITY -> fromEntra(assertion(read(settings.federatedTokenFile(), VaultOption.AZURE_FEDERATED_TOKEN_FILE)));
        };
    }

    private Token fromImds() throws BackendException {
        String url = base(settings.imdsEndpoint()) + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + encode(resource)
                + (settings.clientId() == null ? "" : "&client_id=" + encode(settings.clientId()));
        HttpGet get = new HttpGet(url);
        // IMDS refuses requests without it: a guard against server-side request forgery through this node.
        get.setHeader("Metadata", "true");
        get.setHeader("Accept", "application/json");
        return answer(imds.send(get), "the Azure instance metadata service");
    }

    private Token fromEntra(List<NameValuePair> credential) throws BackendException {
        HttpPost post = new HttpPost(tokenEndpoint());
        List<NameValuePair> form = new ArrayList<>(List.of(new BasicNameValuePair("grant_type", "client_credentials"),
                new BasicNameValuePair("client_id", settings.clientId()), new BasicNameValuePair("scope", resource + "/.default")));
        form.addAll(credential);
        post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        post.setHeader("Accept", "application/json");
        return answer(entra.send(post), "Microsoft Entra ID");
    }

    private String tokenEndpoint() {
        return base(settings.authorityHost()) + "/" + encode(settings.tenantId()) + "/oauth2/v2.0/token";
    }

    private static List<NameValuePair> assertion(String jwt) {
        return List.of(new BasicNameValuePair("client_assertion_type", JWT_BEARER), new BasicNameValuePair("client_assertion", jwt));
    }

    /** The signed assertion Entra ID accepts for a certificate credential, identified by its SHA-1 and SHA-256 thumbprints. */
    private String certificateAssertion() throws BackendException {
        String pem = read(settings.clientCertificateFile(), VaultOption.AZURE_CLIENT_CERTIFICATE_FILE);
        String what = VaultOption.AZURE_CLIENT_CERTIFICATE_FILE.key();
        X509Certificate cert = Jwt.certificate(pem, what);
        Map<String, Object> header = new LinkedHashMap<>();
        try {
            byte[] der = cert.getEncoded();
            header.put("x5t", Jwt.base64Url(MessageDigest.getInstance("SHA-1").digest(der)));
            header.put("x5t#S256", Jwt.base64Url(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (GeneralSecurityException e) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, what + ": cannot read the certificate's thumbprint: " + e.getMessage());
        }
        long now = clock.millis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", tokenEndpoint());
        claims.put("iss", settings.clientId());
        claims.put("sub", settings.clientId());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("nbf", now);
        claims.put("iat", now);
        claims.put("exp", now + ASSERTION_LIFETIME.toSeconds());
        return Jwt.rs256(header, claims, Jwt.privateKey(pem, what));
    }

    private Token answer(Answer r, String service) throws BackendException {
        JsonNode body;
        try {
            body = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (r.status() != 200) {
            // Only the error code and description: the request carried a secret or an assertion, never echoed here.
            String why = r.status() + (body.path("error").isTextual() ? " " + BackendException.sanitize(body.path("error").asText()) : "")
                    + (body.path("error_description").isTextual() ? ": " + AzureKeyVaultBackend.brief(body.path("error_description").asText()) : "");
            BackendException.Kind kind = r.status() == 429 ? BackendException.Kind.THROTTLED
                    : r.status() >= 500 || r.status() == 410 ? BackendException.Kind.UNAVAILABLE : BackendException.Kind.ACCESS_DENIED;
            throw new BackendException(kind, service + " refused a Key Vault token (" + why + ")"
                    + (r.retryAfter() == null ? "" : "; retry after " + BackendException.sanitize(r.retryAfter())));
        }
        JsonNode token = body.path("access_token");
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, service + " answered without an access_token");
        }
        long now = clock.millis();
        long lifetime = seconds(body.path("expires_in"));
        if (lifetime < 0 && seconds(body.path("expires_on")) >= 0) {
            lifetime = seconds(body.path("expires_on")) - now / 1000;
        }
        if (lifetime <= 0) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, service + " answered with a token without a lifetime (expires_in)");
        }
        return Token.of(token.asText(), lifetime, now, REFRESH_MARGIN);
    }

    /**
     * IMDS sends numbers as strings ("3599"), Entra ID as numbers; -1 when absent or negative. Past a long (or twelve
     * digits) it is Long.MAX_VALUE, which the token cache caps: no overflow either way.
     */
    private static long seconds(JsonNode n) {
        if (n.isNumber()) {
            return Math.max(-1, JsonNumbers.saturatedLong(n, -1));
        }
        if (n.isTextual() && n.asText().matches("[0-9]+")) {
            return n.asText().length() > 12 ? Long.MAX_VALUE : Long.parseLong(n.asText());
        }
        return -1;
    }

    private static String read(Path file, VaultOption option) throws BackendException {
        if (file == null) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, option.key() + " is not set");
        }
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (IOException e) {
            // The exception names the file and the reason, never its content.
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, "cannot read " + option.key() + " " + file + ": " + e);
        }
        if (text.isEmpty()) {
            throw new BackendException(BackendException.Kind.ACCESS_DENIED, option.key() + " " + file + " is empty");
        }
        return text;
    }

    private static String base(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
