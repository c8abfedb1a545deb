package dev.gatehouse.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports, so tests never collide with ./dev.sh or each other.
 *
 * <p>Ports come from below Linux's ephemeral range (32768–60999): a port the kernel hands out for listening with
 * port 0 lies inside that range, where any outgoing connection may take it as its local port before the server
 * binds it (a Keycloak start failed with "Port already bound" that way). Each call hands out the next port of a
 * sequence starting at a random point, so two picks in one JVM never repeat, and skips ports something holds.
 */
public final class Ports {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW));

    private Ports() {
    }

    public static int free() {
        for (int tries = 0; tries < HIGH - LOW; tries++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + LOW + "-" + HIGH);
    }

    /** Free on every address (Keycloak listens on all of them) and on loopback. */
    private static boolean bindable(int port) {
        try (ServerSocket any = new ServerSocket(); ServerSocket loopback = new ServerSocket()) {
            any.bind(new InetSocketAddress(port), 1);
            any.close();
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
