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
 *
 * <p>Redirects are never followed, whatever the host client's default: every request carries a bearer token, a
 * credential or an assertion, and a 3xx (a compromised proxy, a misconfigured load balancer) would send it to
 * another server. A 3xx is a {@link BackendException.Kind#BAD_RESPONSE}.
 */
final class HttpTransport {

    /** Our own cap on an answer: secrets and tokens are small; the host's larger maximum is for other traffic. */
    static final long MAX_RESPONSE_BYTES = 1024 * 1024;

    /**
     * A status, the body as text (at most {@link #MAX_RESPONSE_BYTES}, or the host's smaller maximum),
     * {@code Retry-After}, and the first value of each response header by lower-case name (the Google metadata server
     * proves itself by one).
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
        request.setConfig(requestConfig(client));
        try (CloseableHttpResponse r = client.execute(request)) {
            int status = r.getStatusLine().getStatusCode();
            if (status >= 300 && status < 400) {
                request.abort(); // nothing of a redirect's body is wanted
                throw new BackendException(BackendException.Kind.BAD_RESPONSE, service + " answered " + status
                        + " (a redirect); redirects are not followed, as the request carries credentials: configure the final URL");
            }
            Header retry = r.getFirstHeader("Retry-After");
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.getAllHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            return new Answer(status, body(r.getEntity(), request), retry == null ? null : retry.getValue(), Map.copyOf(headers));
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
     * The client's own request settings (proxy-related, pool wait) without redirects, and with the backend's timeout
     * as connect and read timeout when it has one: a request-level config replaces the client's default as a whole,
     * so it starts from a copy (Keycloak's client exposes its defaults; one that doesn't gets HttpClient's).
     */
    private RequestConfig requestConfig(CloseableHttpClient client) {
        RequestConfig base = client instanceof Configurable c && c.getConfig() != null ? c.getConfig() : RequestConfig.DEFAULT;
        RequestConfig.Builder b = RequestConfig.copy(base).setRedirectsEnabled(false);
        if (timeout != null) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            b.setConnectTimeout(millis).setSocketTimeout(millis);
        }
        return b.build();
    }

    /** The host's maximum when it is smaller, else ours (also when the host sets none). */
    private long maxBytes() {
        long hostMax = host.maxResponseBytes();
        return hostMax > 0 ? Math.min(hostMax, MAX_RESPONSE_BYTES) : MAX_RESPONSE_BYTES;
    }

    private String body(HttpEntity entity, HttpRequestBase request) throws IOException, BackendException {
        if (entity == null) {
            return "";
        }
        long max = maxBytes();
        // Refused by its Content-Length when it has one, else after max + 1 bytes; then the connection is aborted
        // rather than drained, so the rest is never read.
        if (entity.getContentLength() <= max) {
            InputStream in = entity.getContent();
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length <= max) {
                in.close();
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        request.abort();
        throw new BackendException(BackendException.Kind.BAD_RESPONSE, service + "'s answer is longer than " + max + " bytes");
    }
}
