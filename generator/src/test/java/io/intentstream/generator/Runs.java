package io.intentstream.generator;

import static io.intentstream.generator.GeneratorOptions.*;

import io.intentstream.cli.Options;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures: named configurations and an in-memory run with its ground truth. */
final class Runs {
    static final Instant START = Instant.parse("2019-10-01T00:00:00Z");
    static final Instant NOON = Instant.parse("2019-10-01T12:00:00Z");

    /** A small, busy configuration with every fault switched on. */
    static Options.Values allFaults() {
        return GeneratorOptions.defaults()
                .with(USERS, 200_000)
                .with(GeneratorOptions.START, NOON)
                .with(DURATION, Duration.ofHours(2))
                .with(DUPLICATE_RATE, 0.02)
                .with(OUT_OF_ORDER_RATE, 0.03)
                .with(LATE_RATE, 0.01)
                .with(MALFORMED_RATE, 0.05)
                .with(BOT_RATE, 0.01);
    }

    /** Lines and ground truth of one run, held in memory (keep runs small). */
    static final class Result {
        final List<String> lines = new ArrayList<>();
        final List<LineKind> kinds = new ArrayList<>();
        String truthText;
        GroundTruth truth;
        GenerationSummary summary;
    }

    static Result run(GeneratorConfig config) throws IOException {
        Result r = new Result();
        StringWriter truth = new StringWriter();
        r.summary = new ClickstreamGenerator(config).forEachLine((line, kind) -> {
            r.lines.add(line);
            r.kinds.add(kind);
        }, truth);
        r.truthText = truth.toString();
        r.truth = GroundTruth.read(new StringReader(r.truthText));
        return r;
    }

    /** Only the ground truth of a run; the lines are generated and dropped. */
    static GroundTruth truthOnly(GeneratorConfig config) throws IOException {
        StringWriter truth = new StringWriter();
        new ClickstreamGenerator(config).writeTo(java.io.OutputStream.nullOutputStream(), truth);
        return GroundTruth.read(new StringReader(truth.toString()));
    }

    private Runs() {}
}
