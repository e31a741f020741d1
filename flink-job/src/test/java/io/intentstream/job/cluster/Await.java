package io.intentstream.job.cluster;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls for a condition until a deadline: the only way the cluster tests wait for anything. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /**
     * Calls {@code probe} until it returns a non-null value other than {@code false}, and returns that value.
     * A probe that throws counts as "not yet" (a process still starting refuses connections); the last
     * such error is reported if the deadline passes.
     */
    public static <T> T until(String what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastError == null ? "" : "; last error: " + lastError));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
