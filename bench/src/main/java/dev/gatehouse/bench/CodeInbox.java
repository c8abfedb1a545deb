package dev.gatehouse.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Codes the fakes received, per destination (an address or an E.164 number), handed to the bench client as a
 * person reads them from their inbox or phone. A client waits on its own destination instead of scanning every
 * message the fake ever stored, so the wait costs the shared cores nothing while it lasts.
 */
final class CodeInbox {

    private final ConcurrentHashMap<String, BlockingQueue<String>> codes = new ConcurrentHashMap<>();

    void received(String destination, String code) {
        queue(destination).add(code);
    }

    /** Forgets codes not yet read, e.g. of a sign-in that failed half-way. */
    void clear(String destination) {
        queue(destination).clear();
    }

    /** The next code for this destination, waiting up to 10 s. */
    String next(String destination) {
        try {
            String code = queue(destination).poll(10, TimeUnit.SECONDS);
            if (code == null) {
                throw new IllegalStateException("no code for " + destination + " within 10 s");
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private BlockingQueue<String> queue(String destination) {
        return codes.computeIfAbsent(destination, d -> new LinkedBlockingQueue<>());
    }
}
