package dev.gatehouse.audit.delivery.keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.WebhookSignature;

/**
 * POSTs the alert's JSON, signed, over Keycloak's HTTP client (so the admin's proxy and TLS settings apply).
 * Any 2xx is delivered; anything else, a timeout or a refused connection is a failed attempt.
 */
final class WebhookSender {

    private final CloseableHttpClient client;

    WebhookSender(CloseableHttpClient client) {
        this.client = client;
    }

    void send(Destination d, String secret, OutboxRow row) throws DeliveryFailure {
        byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
        HttpPost post = new HttpPost(d.url());
        post.setConfig(RequestConfig.custom().setConnectTimeout(d.timeoutMillis()).setSocketTimeout(d.timeoutMillis())
                .setConnectionRequestTimeout(d.timeoutMillis()).setRedirectsEnabled(false).build());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        post.setHeader(WebhookSignature.HEADER, WebhookSignature.header(secret, System.currentTimeMillis() / 1000, body));
        post.setHeader(WebhookSignature.ALERT_ID_HEADER, row.alertId());
        post.setHeader(WebhookSignature.DELIVERY_ID_HEADER, row.id());
        post.setHeader("User-Agent", "Gatehouse-Audit");
        try (CloseableHttpResponse r = client.execute(post)) {
            EntityUtils.consumeQuietly(r.getEntity());
            int status = r.getStatusLine().getStatusCode();
            if (status < 200 || status > 299) {
                throw new DeliveryFailure("HTTP " + status);
            }
        } catch (IOException e) {
            throw new DeliveryFailure(e.getClass().getSimpleName());
        }
    }
}
