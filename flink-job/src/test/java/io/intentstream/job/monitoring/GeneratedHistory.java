package io.intentstream.job.monitoring;

import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.model.ModelBundle;
import io.intentstream.trainer.Trainer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Generated shop traffic for the monitoring tests: six days from midnight UTC, with or without a drift at the start
 * of day four, and a model trained on the first three days (the days before the drift), as an operator would train.
 */
final class GeneratedHistory {
    static final Instant START = Instant.parse("2019-10-01T00:00:00Z");
    static final Instant DRIFT_AT = START.plus(Duration.ofDays(3));
    static final Instant END = START.plus(Duration.ofDays(6));
    static final int USERS = 20_000;
    static final long SEED = 42L;

    private GeneratedHistory() {}

    /** Six days of events; with {@code drift}, prices x2, intent -1.5 log-odds and 90% mobile from day four on. */
    static Path events(Path dir, boolean drift) throws Exception {
        return events(dir, drift, null);
    }

    /** The same, with the generator's ground truth written to {@code truth} (if not null). */
    static Path events(Path dir, boolean drift, Path truth) throws Exception {
        Path events = dir.resolve(drift ? "drift.jsonl" : "no-drift.jsonl");
        var options = GeneratorOptions.defaults().with(GeneratorOptions.SEED, SEED).with(GeneratorOptions.USERS, USERS)
                .with(GeneratorOptions.START, START).with(GeneratorOptions.DURATION, Duration.ofDays(6));
        if (drift) {
            options = options.with(GeneratorOptions.DRIFT_AT, DRIFT_AT).with(GeneratorOptions.DRIFT_PRICE_FACTOR, 2.0)
                    .with(GeneratorOptions.DRIFT_INTENT_SHIFT, -1.5).with(GeneratorOptions.DRIFT_MOBILE_SHARE, 0.9);
        }
        new ClickstreamGenerator(GeneratorConfig.from(options)).writeTo(OutputTarget.file(events, false), truth);
        return events;
    }

    /** A bundle trained on the first three days (the same traffic as the first three days of {@link #events}). */
    static ModelBundle modelOfTheFirstThreeDays(Path dir) throws Exception {
        Path history = dir.resolve("train.jsonl");
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.SEED, SEED)
                .with(GeneratorOptions.USERS, USERS).with(GeneratorOptions.START, START)
                .with(GeneratorOptions.DURATION, Duration.ofDays(3)))).writeTo(OutputTarget.file(history, false), null);
        Path bundle = dir.resolve("model");
        Trainer.run(Trainer.options().parse(new String[] {"--input", history.toString(), "--output", bundle.toString(),
            "--threads", "2", "--model-version", "days-1-3"}));
        return ModelBundle.read(bundle);
    }
}
