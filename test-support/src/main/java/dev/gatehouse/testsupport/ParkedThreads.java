package dev.gatehouse.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads of a test's pool, and a wait until enough of them are blocked where the test wants them: in a lock,
 * on a future. A test that starts N callers and then sleeps "long enough for them to pile up" proves nothing on a
 * loaded machine (some have not arrived yet) and may count what it should not (one arrives after the sleep, when
 * the interleaving is another). Waiting for the parked threads makes the pile-up certain whatever the scheduling.
 */
public final class ParkedThreads implements ThreadFactory {

    private final List<Thread> threads = new ArrayList<>();

    @Override
    public synchronized Thread newThread(Runnable r) {
        Thread t = new Thread(r, "parked-threads-" + threads.size());
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    /** How many of the pool's threads are parked (untimed) inside a method of a class whose name starts with {@code where}. */
    public synchronized int parkedIn(Class<?> where) {
        int n = 0;
        for (Thread t : threads) {
            if (t.getState() == Thread.State.WAITING
                    && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(where.getName()))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Waits until {@code count} of the pool's threads are parked in {@code where} (a thread in WAITING whose stack
     * holds a frame of it), failing after a minute rather than hanging the build.
     */
    public void awaitParkedIn(Class<?> where, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int parked;
        while ((parked = parkedIn(where)) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after a minute only " + parked + " of " + count + " threads are parked in " + where.getName());
            }
            Thread.sleep(1);
        }
    }
}
