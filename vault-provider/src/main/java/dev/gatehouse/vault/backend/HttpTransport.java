package dev.gatehouse.vault.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.Configurable;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.impl.client.CloseableHttpClient;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.HostServices;

/**
 * One backend's calls through the host's HTTP client (Keycloak's {@code HttpClientProvider} in the server, so the
 * admin's proxy, timeouts, pool and truststore apply): a bounded body, and I/O failures turned into
 * {@link BackendException.Kind#UNAVAILABLE} with the service named. Shared by the plain-HTTP backends (HashiCorp
 * Vault, Azure Key Vault, Google Secret Manager) and their token sources.
 */
final class HttpTransport {

    /**
     * A status, the body as text (bounded by the host's maximum response size), {@code Retry-After}, and the first
     * value of each response header by lower-case name (the Google metadata server proves itself by one).
     */
    record Answer(int status, String body, String retryAfter, Map<String, String> headers) {

        Answer(int status, String body, String retryAfter) {
            this(status, body, retryAfter, Map.of());
        }

        /** The first value of a response header, or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String service;
    private final HostServices host;
    private final Duration timeout;

    /**
     * @param service what the messages call the other side ("Vault", "Azure Key Vault", …)
     * @param timeout null for the host client's own timeouts, else the connect and read timeout of every call
     */
    HttpTransport(String service, HostServices host, Duration timeout) {
        this.service = service;
        this.host = host;
        this.timeout = timeout;
    }

    HostServices host() {
        return host;
    }

    Answer send(HttpRequestBase request) throws BackendException {
        CloseableHttpClient client;
        try {
            client = host.httpClient();
        } catch (RuntimeException e) {
            // Keycloak couldn't build its client (a truststore that doesn't load, …): a failed lookup, not a 500.
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "no HTTP client for " + service + ": " + e, e);
        }
        if (timeout != null) {
            request.setConfig(tightened(client));
        }
        try (CloseableHttpResponse r = client.execute(request)) {
            Header retry = r.getFirstHeader("Retry-After");
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.getAllHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            return new Answer(r.getStatusLine().getStatusCode(), body(r.getEntity()), retry == null ? null : retry.getValue(),
                    Map.copyOf(headers));
        } catch (InterruptedIOException e) {
            // Connect, read and pool timeouts alike.
            throw new BackendException(BackendException.Kind.UNAVAILABLE, service + " did not answer within "
                    + (timeout != null ? timeout : "Keycloak's HTTP client timeouts") + ": " + e, e);
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, service + " unreachable at "
                    + request.getURI().getScheme() + "://" + request.getURI().getAuthority() + ": " + e, e);
        }
    }

    /**
     * The client's own request settings (proxy-related, pool wait, redirects) with the backend's timeout as connect
     * and read timeout: a request-level config replaces the client's default as a whole, so it starts from a copy.
     */
    private RequestConfig tightened(CloseableHttpClient client) {
        RequestConfig base = client instanceof Configurable c && c.getConfig() != null ? c.getConfig() : RequestConfig.DEFAULT;
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return RequestConfig.copy(base).setConnectTimeout(millis).setSocketTimeout(millis).build();
    }

    private String body(HttpEntity entity) throws IOException, BackendException {
        if (entity == null) {
            return "";
        }
        long max = host.maxResponseBytes();
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new BackendException(BackendException.Kind.BAD_RESPONSE, service + "'s answer is longer than " + max + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
