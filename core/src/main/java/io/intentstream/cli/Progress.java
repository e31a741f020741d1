package io.intentstream.cli;

import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one phase of a long command (me.tongfei:progressbar): a bar on standard error when the command runs
 * on a terminal, otherwise a line in the log every {@value #LOG_INTERVAL_MILLIS} ms, since a bar redrawn with
 * carriage returns turns a log file into noise. The system property {@code intentstream.progress} ({@code bar},
 * {@code log} or {@code off}) overrides the choice.
 *
 * <p>Only the commands (train, generate, bench) use it and they declare the library; the job never does.
 */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    static final int LOG_INTERVAL_MILLIS = 10_000;
    private static final int BAR_INTERVAL_MILLIS = 200;
    private static final int LOG_LINE_LENGTH = 160;

    /** Where progress goes. */
    public enum Mode { BAR, LOG, OFF }

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Starts showing a phase.
     *
     * @param max the amount of work, or -1 when unknown (the bar then shows a count and a rate only)
     * @param unit what is counted, e.g. {@code events}
     */
    public static Progress start(String task, long max, String unit) {
        Mode mode = mode();
        if (mode == Mode.OFF) {
            return new Progress(null);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setUnit(" " + unit, 1).showSpeed().setStyle(ProgressBarStyle.ASCII);
        if (mode == Mode.LOG) {
            builder.setConsumer(new DelegatingProgressBarConsumer(new Deduplicated(), LOG_LINE_LENGTH))
                    .setUpdateIntervalMillis(LOG_INTERVAL_MILLIS);
        } else {
            builder.setUpdateIntervalMillis(BAR_INTERVAL_MILLIS);
        }
        return new Progress(builder.build());
    }

    /** BAR when both standard input and output are a terminal (what {@link System#console()} tells), else LOG. */
    static Mode mode() {
        String configured = System.getProperty("intentstream.progress");
        if (configured != null) {
            return Mode.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        }
        return System.console() != null ? Mode.BAR : Mode.LOG;
    }

    public void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    public void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    /** Changes the amount of work, e.g. when it becomes known or the phase ends early. */
    public void maxHint(long max) {
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    /** A short note after the bar, e.g. the current validation loss. */
    public void note(String message) {
        if (bar != null) {
            bar.setExtraMessage(" " + message);
        }
    }

    /** Logs a rendered line unless it repeats the last one (a phase's end is rendered by the last tick and by close). */
    private static final class Deduplicated implements java.util.function.Consumer<String> {
        private String last;

        @Override
        public void accept(String line) {
            String trimmed = line.trim();
            if (!trimmed.equals(last)) {
                LOG.info(trimmed);
                last = trimmed;
            }
        }
    }

    /** Shows the final state and stops the bar's refresh thread. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
