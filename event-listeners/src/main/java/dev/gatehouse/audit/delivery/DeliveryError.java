package dev.gatehouse.audit.delivery;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

/**
 * The coarse outcome of a failed attempt, as shown in {@code lastError} (readable with view-events): a category,
 * never an exception class or a message, so a destination's errors tell an admin what to fix but do not map
 * internal hosts and ports (no port-scan oracle).
 */
public final class DeliveryError {

    public static final String CONNECT = "connect failed";
    public static final String TIMEOUT = "timeout";
    public static final String TLS = "TLS";
    public static final String REFUSED_ADDRESS = "refused address";
    public static final String FAILED = "failed";

    private DeliveryError() {
    }

    /** "HTTP 4xx" or "HTTP 5xx" (or "HTTP 3xx": redirects are not followed). */
    public static String http(int status) {
        return "HTTP " + (status / 100) + "xx";
    }

    public static String of(Throwable e) {
        if (e instanceof SSLException) {
            return TLS;
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            // Apache's ConnectTimeoutException is a java.io.InterruptedIOException, as is an aborted request.
            return TIMEOUT;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || e instanceof java.net.SocketException) {
            return CONNECT;
        }
        return FAILED;
    }
}
