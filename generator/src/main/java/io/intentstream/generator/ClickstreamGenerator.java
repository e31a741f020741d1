package io.intentstream.generator;

import io.intentstream.cli.Progress;
import io.intentstream.events.ClickEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Synthetic clickstream generator: the in-process API behind {@code bin/intentstream generate}.
 *
 * <p>Each call starts a fresh run from the configuration, so one instance can be reused and every run
 * with the same configuration produces the same lines. Runs are single-threaded and stream: memory
 * depends on how many sessions overlap, not on how many events are written.
 *
 * <pre>{@code
 * // with static imports from GeneratorOptions
 * GeneratorConfig config = GeneratorConfig.from(defaults().with(SEED, 7L).with(USERS, 10_000).with(DURATION, Duration.ofHours(6)));
 * new ClickstreamGenerator(config).forEachEvent(event -> ...);
 * }</pre>
 */
public final class ClickstreamGenerator {
    private static final long MINUTE = 60_000L;
    /** Receives each line as a string, with what it is. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(String line, LineKind kind);
    }

    private final GeneratorConfig config;

    public ClickstreamGenerator(GeneratorConfig config) {
        this.config = config;
    }

    public GeneratorConfig config() {
        return config;
    }

    /**
     * Writes to a target and, when {@code truthFile} is not null, the ground truth next to it.
     * The ground truth is never written into the event output.
     */
    public GenerationSummary writeTo(OutputTarget target, Path truthFile) throws IOException {
        return writeTo(target, truthFile, false);
    }

    /**
     * As {@link #writeTo(OutputTarget, Path)}; with {@code showProgress}, shows how far through the simulated
     * window the run is (a bar on a terminal, log lines otherwise; see {@link Progress}).
     */
    public GenerationSummary writeTo(OutputTarget target, Path truthFile, boolean showProgress) throws IOException {
        if (truthFile != null) {
            Path parent = truthFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        try (LineSink sink = LineSink.of(target, config.layout().format());
                Writer truth = truthFile == null ? null : Files.newBufferedWriter(truthFile, StandardCharsets.UTF_8)) {
            return run(sink, truth, showProgress);
        }
    }

    /** Writes all lines to a stream (not closed), the ground truth to {@code truth} if not null (not closed). */
    public GenerationSummary writeTo(OutputStream events, Writer truth) throws IOException {
        LineSink.StreamSink sink = new LineSink.StreamSink(events, "-", config.layout().format(), false);
        Writer buffered = truth == null ? null : new BufferedWriter(truth, 1 << 16);
        GenerationSummary summary = run(sink, buffered, false);
        sink.close();
        if (buffered != null) {
            buffered.flush();
        }
        return summary;
    }

    public GenerationSummary writeTo(OutputStream events) throws IOException {
        return writeTo(events, null);
    }

    private GenerationSummary run(LineSink sink, Writer truthOut, boolean showProgress) throws IOException {
        long started = System.nanoTime();
        GroundTruthWriter truth = new GroundTruthWriter(truthOut);
        GenerationEngine engine = new GenerationEngine(config, truth);
        truth.header(config);
        long ordinal = 0;
        long start = config.population().startMillis();
        long minutes = Math.max(1, (config.population().endMillis() - start) / MINUTE);
        try (Progress progress = showProgress ? Progress.start("generate", minutes, "simulated min") : null) {
            long shown = 0;
            while (engine.next()) {
                sink.write(engine.line);
                if (engine.lineKind != LineKind.EVENT) {
                    truth.line(engine, sink.fileName(), sink.lineNumber(), ordinal);
                }
                ordinal++;
                // Every 4,096 lines: the bar costs nothing next to rendering them. Late lines go back in time; the
                // bar does not.
                if (progress != null && (ordinal & 4095) == 0) {
                    shown = Math.max(shown, (engine.lineRecord.time - start) / MINUTE);
                    progress.stepTo(Math.min(shown, minutes));
                    progress.note(ordinal + " lines");
                }
            }
            if (progress != null) {
                progress.stepTo(minutes);
                progress.note(ordinal + " lines");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        GenerationSummary summary = new GenerationSummary(engine, truth.convertedSessions, System.nanoTime() - started);
        truth.summary(summary);
        return summary;
    }

    /**
     * Hands every line to the consumer (a CSV header is not passed). With {@code truth} not null the
     * ground truth is written there, with file {@code -} and line numbers counted from 1 over the lines
     * passed (plus one for a CSV header, as in a file).
     */
    public GenerationSummary forEachLine(LineConsumer consumer, Writer truth) throws IOException {
        long started = System.nanoTime();
        Writer buffered = truth == null ? null : new BufferedWriter(truth, 1 << 16);
        GroundTruthWriter writer = new GroundTruthWriter(buffered);
        GenerationEngine engine = new GenerationEngine(config, writer);
        writer.header(config);
        long offset = LineRenderer.header(config.layout().format()) == null ? 0 : 1;
        long ordinal = 0;
        try {
            while (engine.next()) {
                consumer.accept(engine.line.toString(), engine.lineKind);
                if (engine.lineKind != LineKind.EVENT) {
                    writer.line(engine, "-", ordinal + 1 + offset, ordinal);
                }
                ordinal++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        GenerationSummary summary = new GenerationSummary(engine, writer.convertedSessions, System.nanoTime() - started);
        writer.summary(summary);
        if (buffered != null) {
            buffered.flush();
        }
        return summary;
    }

    /**
     * Hands every event line as the {@link ClickEvent} the JSON parser would read from it (duplicates
     * and held-back events included, in output order; malformed lines skipped). A fresh object per call.
     */
    public GenerationSummary forEachEvent(Consumer<ClickEvent> consumer) {
        long started = System.nanoTime();
        GroundTruthWriter truth = new GroundTruthWriter(null);
        GenerationEngine engine = new GenerationEngine(config, truth);
        while (engine.next()) {
            if (engine.lineKind != LineKind.MALFORMED) {
                consumer.accept(engine.lineRecord.toClickEvent(engine.catalog()));
            }
        }
        return new GenerationSummary(engine, truth.convertedSessions, System.nanoTime() - started);
    }

    /** The lines, lazily, for feeding bounded sources in tests (a CSV header is not included). */
    public Iterator<String> lines() {
        GenerationEngine engine = new GenerationEngine(config, (s, truncated) -> { });
        return new Iterator<>() {
            private boolean ready;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                if (!ready && more) {
                    more = engine.next();
                    ready = true;
                }
                return more;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return engine.line.toString();
            }
        };
    }

    /** Runs the generator for its statistics only, discarding lines; used by tests and benchmarks. */
    GenerationSummary runDiscarding(Consumer<GenerationEngine> perLine) {
        long started = System.nanoTime();
        GroundTruthWriter truth = new GroundTruthWriter(null);
        GenerationEngine engine = new GenerationEngine(config, truth);
        while (engine.next()) {
            perLine.accept(engine);
        }
        return new GenerationSummary(engine, truth.convertedSessions, System.nanoTime() - started);
    }
}
