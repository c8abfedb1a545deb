package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server on a loopback port that survives {@link #down()} / {@link #up()}: down closes the
 * listening socket (clients see connection refused), up listens on the same port again. {@link #delay} makes
 * every answer late, for timeouts.
 */
abstract class FakeHttpServer implements AutoCloseable {

    private HttpServer server;
    private int port;
    protected volatile long delayMillis;

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
                handle(exchange);
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
