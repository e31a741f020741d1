package io.intentstream.testing.external;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous deadline passes; the only way tests wait for each other. */
public final class Await {
    private static final long PAUSE_MILLIS = 100;

    private Await() {}

    /** Returns as soon as {@code condition} is true; fails with {@code what} once {@code deadline} has passed. */
    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what);
            }
            try {
                // A pause between polls, not a synchronisation: the condition decides when to go on.
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * Returns {@code probe}'s first result that is neither null nor {@code false}. A probe that throws counts as
     * "not yet" (a process that is still starting refuses connections); its last error is reported if the
     * deadline passes. An {@link AssertionError} from the probe fails at once.
     */
    public static <T> T value(Duration deadline, String what, Callable<T> probe) {
        long end = System.nanoTime() + deadline.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what
                        + (lastError == null ? "" : "; last error: " + lastError), lastError);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
