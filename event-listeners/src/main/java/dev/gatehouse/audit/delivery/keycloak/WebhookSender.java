package dev.gatehouse.audit.delivery.keycloak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.HttpEntity;
import org.apache.http.util.EntityUtils;

import dev.gatehouse.audit.delivery.AddressPolicy;
import dev.gatehouse.audit.delivery.DeliveryError;
import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.WebhookSignature;

/**
 * POSTs the alert's JSON, signed, over Keycloak's HTTP client (so the admin's proxy and TLS settings apply).
 * Any 2xx is delivered; anything else, a timeout or a refused connection is a failed attempt. The attempt has a hard
 * wall-clock deadline of the destination's timeout (the request is aborted then, however the receiver paces its
 * bytes), and at most {@link #MAX_RESPONSE_BYTES} of the response are read.
 */
final class WebhookSender {

    static final int MAX_RESPONSE_BYTES = 4096;

    private final CloseableHttpClient client;
    private final AddressPolicy addresses;

    WebhookSender(CloseableHttpClient client, AddressPolicy addresses) {
        this.client = client;
        this.addresses = addresses;
    }

    /**
     * Every address the host resolves to must be permitted. Checked just before the request: the HTTP client's
     * lookup then answers from the JVM's address cache (networkaddress.cache.ttl, 30 s by default), so a name
     * can't rebind between the check and the connect.
     */
    private void checkAddresses(Destination d) throws DeliveryFailure {
        if (addresses.allowPrivate()) {
            return;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(d.url().getHost())) {
                if (!addresses.permits(a)) {
                    throw new DeliveryFailure(DeliveryError.REFUSED_ADDRESS);
                }
            }
        } catch (UnknownHostException e) {
            throw new DeliveryFailure(DeliveryError.CONNECT);
        }
    }

    void send(Destination d, String secret, OutboxRow row) throws DeliveryFailure {
        checkAddresses(d);
        byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
        HttpPost post = new HttpPost(d.url());
        post.setConfig(RequestConfig.custom().setConnectTimeout(d.timeoutMillis()).setSocketTimeout(d.timeoutMillis())
                .setConnectionRequestTimeout(d.timeoutMillis()).setRedirectsEnabled(false).build());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        post.setHeader(WebhookSignature.HEADER, WebhookSignature.header(secret, System.currentTimeMillis() / 1000, body));
        post.setHeader(WebhookSignature.ALERT_ID_HEADER, row.alertId());
        post.setHeader(WebhookSignature.DELIVERY_ID_HEADER, row.id());
        post.setHeader("User-Agent", "Gatehouse-Audit");
        AtomicBoolean finished = new AtomicBoolean();
        CompletableFuture.delayedExecutor(d.timeoutMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!finished.get()) {
                post.abort();
            }
        });
        try (CloseableHttpResponse r = client.execute(post)) {
            drain(r.getEntity());
            int status = r.getStatusLine().getStatusCode();
            if (status < 200 || status > 299) {
                throw new DeliveryFailure(DeliveryError.http(status));
            }
        } catch (IOException e) {
            throw new DeliveryFailure(DeliveryError.of(e));
        } finally {
            finished.set(true);
        }
    }

    /**
     * Reads a small body of known length (up to {@link #MAX_RESPONSE_BYTES}) so the connection can be reused; any other
     * body stays unread and closing the response discards the connection: a receiver can't make us read on.
     */
    private static void drain(HttpEntity entity) throws IOException {
        if (entity != null && entity.getContentLength() >= 0 && entity.getContentLength() <= MAX_RESPONSE_BYTES) {
            EntityUtils.consume(entity);
        }
    }
}
