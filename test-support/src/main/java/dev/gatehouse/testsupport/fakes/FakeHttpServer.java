package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server on a loopback port that survives {@link #down()} / {@link #up()}: down closes the
 * listening socket (clients see connection refused), up listens on the same port again. {@link #delay} makes
 * every answer late, for timeouts. {@link #redirect} and {@link #oversize} answer requests under a path with a 302
 * or an overlong body, whatever the service; {@link #requests} counts every request received.
 */
abstract class FakeHttpServer implements AutoCloseable {

    private HttpServer server;
    private int port;
    protected volatile long delayMillis;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String redirectPrefix;
    private volatile URI redirectTarget;
    private volatile String oversizePrefix;
    private volatile int oversizeBytes;

    protected FakeHttpServer() {
        up();
    }

    protected abstract void handle(HttpExchange exchange) throws IOException;

    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        HttpHandler h = exchange -> {
            try (exchange) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                requests.incrementAndGet();
                if (!diverted(exchange)) {
                    handle(exchange);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                send(exchange, 500, "application/json", "{\"errors\":[\"fake failed: " + e + "\"]}");
            }
        };
        server.createContext("/", h);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Stops listening: connection refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Requests under {@code pathPrefix} answer 302 to the same path and query on {@code target}; null to stop. */
    public void redirect(String pathPrefix, URI target) {
        this.redirectTarget = target;
        this.redirectPrefix = target == null ? null : pathPrefix;
    }

    /** Requests under {@code pathPrefix} answer 200 with a JSON body of {@code bytes} bytes; 0 to stop. */
    public void oversize(String pathPrefix, int bytes) {
        this.oversizeBytes = bytes;
        this.oversizePrefix = bytes <= 0 ? null : pathPrefix;
    }

    /** Every request received, whatever it was answered with. */
    public int requests() {
        return requests.get();
    }

    private boolean diverted(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String redirect = redirectPrefix;
        if (redirect != null && path.startsWith(redirect)) {
            String query = exchange.getRequestURI().getRawQuery();
            exchange.getResponseHeaders().set("Location",
                    redirectTarget + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            exchange.sendResponseHeaders(302, -1);
            return true;
        }
        String oversize = oversizePrefix;
        if (oversize != null && path.startsWith(oversize)) {
            int n = oversizeBytes;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, n);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '{';
            try {
                for (int sent = 0; sent < n; sent += chunk.length) {
                    int len = Math.min(chunk.length, n - sent);
                    if (sent + len == n) {
                        chunk[len - 1] = '}';
                    }
                    exchange.getResponseBody().write(chunk, 0, len);
                    chunk[0] = ' ';
                }
            } catch (IOException e) {
                // The client hung up before the end: what a capped reader does.
            }
            return true;
        }
        return false;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    protected static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    protected static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        down();
    }
}
