package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;

/**
 * A webhook receiver in process: keeps every POST to any path, raw body and headers, with the time it arrived,
 * and answers {@link #status(int)} (200 by default). It checks nothing itself: tests run the receiver's
 * documented check on what it kept.
 */
public final class FakeWebhookReceiver extends FakeHttpServer {

    /** One request as received; {@code headers} has lower-case names, first value only. */
    public record Delivery(long receivedMillis, String path, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long dripMillis;
    private volatile long dripForMillis;

    /**
     * Drip-feeds every answer: the 200 and its headers at once, then one body byte every {@code interval} until
     * {@code total} has passed (a receiver pacing its bytes just under any socket timeout). Zero: answer at once.
     */
    public FakeWebhookReceiver drip(java.time.Duration interval, java.time.Duration total) {
        this.dripMillis = interval.toMillis();
        this.dripForMillis = total.toMillis();
        return this;
    }

    public FakeWebhookReceiver status(int status) {
        this.status = status;
        return this;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        deliveries.add(new Delivery(System.currentTimeMillis(), exchange.getRequestURI().getPath(), Map.copyOf(headers), body));
        if (dripMillis > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, 0);
            long end = System.currentTimeMillis() + dripForMillis;
            try {
                while (System.currentTimeMillis() < end) {
                    exchange.getResponseBody().write(' ');
                    exchange.getResponseBody().flush();
                    Thread.sleep(dripMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                return; // the sender gave up and closed the connection
            }
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().write('}');
            return;
        }
        send(exchange, status, "application/json", "{}");
    }
}
