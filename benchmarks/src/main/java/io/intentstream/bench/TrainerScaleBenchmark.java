package io.intentstream.bench;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.MAX_EVENTS;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.trainer.Trainer;
import io.intentstream.trainer.TrainerCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The trainer at scale: replay and example generation over a large generated history (out of core:
 * the history spills to user partitions, examples live in a memory-mapped file), then XGBoost on a
 * sample of the train examples. Prints wall times, events/s and the process's peak resident memory.
 */
public final class TrainerScaleBenchmark {
    static final Option<Long> EVENTS = Option.longValue("events", 50_000_000L, "generated events in the history");
    static final Option<String> DATA_DIR = Option.string("data-dir", "target/bench-data", "where the generated history is cached");
    static final Option<Integer> MAX_TRAIN_EXAMPLES = Option.integer("max-train-examples", 10_000_000,
            "train examples XGBoost trains on (whole sessions sampled by hash)");

    private TrainerScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream bench trainer", "The trainer on a large generated history.")
                .add(EVENTS).add(DATA_DIR).add(MAX_TRAIN_EXAMPLES);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        Path dir = Path.of(v.get(DATA_DIR));
        Files.createDirectories(dir);
        Path history = dir.resolve("history-" + v.get(EVENTS) + ".jsonl");
        if (!Files.exists(history)) {
            long start = System.nanoTime();
            // Enough users that the cap on events, not the month, ends the history.
            GeneratorConfig config = GeneratorConfig.from(GeneratorOptions.defaults().with(SEED, 2L)
                    .with(USERS, (int) Math.max(10_000, v.get(EVENTS) / 30)).with(DURATION, Duration.ofDays(30))
                    .with(MAX_EVENTS, v.get(EVENTS)));
            Path partial = dir.resolve(history.getFileName() + ".partial");
            new ClickstreamGenerator(config).writeTo(OutputTarget.file(partial, false), null);
            Files.move(partial, history);
            System.out.printf("generated %s in %.0f s%n", history, (System.nanoTime() - start) / 1e9);
        }
        Path model = Files.createTempDirectory("intentstream-bench-model");
        long start = System.nanoTime();
        Trainer.Result r = Trainer.run(Trainer.options().parse(new String[] {
            "--input", history.toString(), "--output", model.toString(),
            "--max-train-examples", Integer.toString(v.get(MAX_TRAIN_EXAMPLES)), "--model-version", "bench"}));
        double total = (System.nanoTime() - start) / 1e9;
        System.out.print(TrainerCli.report(r));
        System.out.printf("history %,d events (%.1f GB): replay and examples %.0f s (%,.0f events/s), XGBoost training %.0f s, "
                        + "total %.0f s, peak RSS %s%n", r.validEvents + r.rejectedEvents, Files.size(history) / 1e9,
                r.replaySeconds, (r.validEvents + r.rejectedEvents) / r.replaySeconds, r.trainSeconds, total, peakRss());
    }

    /** VmHWM of this process (Linux), e.g. "5.2 GB". */
    static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.1f GB", kb / 1e6);
            }
        }
        return "unknown";
    }
}
