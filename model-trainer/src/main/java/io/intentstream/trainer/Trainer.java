package io.intentstream.trainer;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.EventFormat;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.generator.GroundTruth;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.Target;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.replay.ExampleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The batch trainer: its options, and {@link #run} composing the steps {@link ReplayStep} (history to
 * point-in-time examples), {@link TrainStep} (temporal split, XGBoost), {@link DescribeStep} (bundle.json),
 * {@link CalibrateStep} (calibration on the validation side), {@link EvaluateStep} (test metrics),
 * {@link BreakdownStep} (the report's figures), {@link WriteStep} (reference batch, files) and
 * {@link ReportStep} (report.html).
 */
public final class Trainer {
    public static final Option<String> INPUT = Option.string("input", null, "event history: a file or directory (plain or .gz)");
    public static final Option<String> EXAMPLES = Option.string("examples", null,
            "instead of --input: the --output directory of a backfill (docs/backfill.md); trains on its examples in the "
                    + "replay's row order without replaying (give the backfill's feature options: they go into the bundle)");
    public static final Option<String> FORMAT = Option.string("format", "json", "input layout: json, rees46 or retailrocket");
    public static final Option<ApplyOrder> APPLY_ORDER = ExampleOptions.APPLY_ORDER;
    public static final Option<String> TARGET = Option.string("target", Target.SESSION_PURCHASE.optionName(),
            "what the model predicts: session-purchase (at every event, the session goes on to purchase), repeat-purchase "
                    + "(at each purchase, the user purchases again in a later session within --horizon) or next-purchase-days "
                    + "(at each purchase, days to the user's next purchase, right-censored; survival:aft); docs/training.md");
    public static final Option<Duration> HORIZON = Option.duration("horizon", Duration.ofDays(30),
            "repeat-purchase: a later purchase within this much event time counts; recorded in the bundle");
    public static final Option<String> OUTPUT = Option.string("output", "output/model", "directory to write the model bundle to");
    public static final Option<String> TIME_ZONE = ExampleOptions.TIME_ZONE;
    public static final Option<Duration> SESSION_TIMEOUT = ExampleOptions.SESSION_TIMEOUT;
    public static final Option<Duration> USER_HISTORY_TTL = ExampleOptions.USER_HISTORY_TTL;
    public static final Option<String> FEATURE_SCHEMA = Option.string("feature-schema", FeatureSchema.VERSION,
            "the features the model reads: " + FeatureSchema.VERSION + " (session, user history and context) or "
                    + FeatureSchema.SESSION_VERSION + " (the session features alone, e.g. to compare)");
    public static final Option<Double> CUTOFF_QUANTILE = ExampleOptions.CUTOFF_QUANTILE;
    public static final Option<Double> VALIDATION_FRACTION = ExampleOptions.VALIDATION_FRACTION;
    public static final Option<Integer> MAX_IN_MEMORY_EVENTS = Option.integer("max-in-memory-events", 5_000_000,
            "events held in memory before the history spills to user partitions on disk");
    public static final Option<String> SPILL_DIR = Option.string("spill-dir", null,
            "directory for spilled partitions (default: a temporary directory)");
    public static final Option<Integer> MAX_TRAIN_EXAMPLES = Option.integer("max-train-examples", 20_000_000,
            "train on at most this many examples: beyond it, whole train sessions are kept by a hash of their id");
    public static final Option<Integer> MAX_VALIDATION_EXAMPLES = Option.integer("max-validation-examples", 5_000_000,
            "early-stop on at most this many validation examples: beyond it, whole validation sessions are kept by a hash "
                    + "of their id");
    public static final Option<String> GROUND_TRUTH = Option.string("ground-truth", null,
            "generated data only: the generator's ground-truth file; adds the oracle AUC (test sessions ranked by latent "
                    + "intent) next to the model's AUC on the same sessions");
    public static final Option<String> MODEL_VERSION = Option.string("model-version", null,
            "model version id (default: derived from time and model hash)");

    public static Options options() {
        Options o = new Options("bin/intentstream train", "Replays event history through the job's feature engine, "
                + "trains XGBoost with a strict temporal split, evaluates it and writes a model bundle.");
        for (Option<?> opt : List.of(INPUT, EXAMPLES, FORMAT, APPLY_ORDER, TARGET, HORIZON, OUTPUT, TIME_ZONE, SESSION_TIMEOUT, USER_HISTORY_TTL,
                FEATURE_SCHEMA, CUTOFF_QUANTILE, VALIDATION_FRACTION)) {
            o.add(opt);
        }
        for (Option<?> opt : HyperParameters.OPTIONS) {
            o.add(opt);
        }
        for (Option<?> opt : List.of(MAX_IN_MEMORY_EVENTS, SPILL_DIR, MAX_TRAIN_EXAMPLES, MAX_VALIDATION_EXAMPLES, GROUND_TRUTH,
                MODEL_VERSION)) {
            o.add(opt);
        }
        return o;
    }

    /** What a run produced. */
    public static final class Result {
        public final ModelBundle bundle;
        public final TemporalSplit split;
        public final long validEvents;
        public final long rejectedEvents;
        /** Wall-clock seconds of reading and replaying the history, and of splitting it and training. */
        public final double replaySeconds;
        public final double trainSeconds;
        /** The bundle's report.html. */
        public final Path report;

        Result(ModelBundle bundle, ReplayStep.Replayed history, TrainStep.Trained trained, Path report) {
            this.bundle = bundle;
            this.split = trained.split();
            this.validEvents = history.validEvents();
            this.rejectedEvents = history.rejectedEvents();
            this.replaySeconds = history.seconds();
            this.trainSeconds = trained.seconds();
            this.report = report;
        }
    }

    private Trainer() {}

    /**
     * Runs the steps replay, train, describe, calibrate, evaluate, break down, write and report; each is a class of
     * its own with its own tests.
     */
    public static Result run(Options.Values o) throws Exception {
        if (Target.parse(o.get(TARGET)).userLevel()) {
            throw new IllegalArgumentException("--target " + o.get(TARGET) + " is a user-level target, trained by "
                    + "UserTargetTrainer (bin/intentstream train picks it)");
        }
        boolean fromExamples = o.get(EXAMPLES) != null;
        if (fromExamples && o.get(INPUT) != null) {
            throw new IllegalArgumentException("--input and --examples exclude each other: replay a history or read a backfill");
        }
        Path input = existingInput(fromExamples ? o.get(EXAMPLES) : o.get(INPUT));
        EventFormat format = EventFormat.fromOptionName(o.get(FORMAT));
        FeatureConfig featureConfig = ExampleOptions.featureConfig(o);
        String schema = o.get(FEATURE_SCHEMA);
        int width = FeatureSchema.names(schema).orElseThrow(() -> new IllegalArgumentException("unknown --feature-schema "
                + schema + ": expected one of " + FeatureSchema.versions())).size();
        HyperParameters hyperParameters = HyperParameters.fromOptions(o);
        Path output = Path.of(o.get(OUTPUT));

        try (ExampleSet examples = new ExampleSet(width)) {
            ReferenceSample sample = new ReferenceSample(ReferenceSample.DEFAULT_ROWS, width);
            ReplayStep.Replayed history = fromExamples
                    ? ExampleFiles.read(input, FeatureSchema.names(schema).orElseThrow(), examples, sample)
                    : ReplayStep.run(new ReplayStep.Input(input, format, o.get(APPLY_ORDER), featureConfig,
                            o.get(MAX_IN_MEMORY_EVENTS), o.get(SPILL_DIR) == null ? null : Path.of(o.get(SPILL_DIR))), examples,
                            sample);
            TrainStep.Trained trained = TrainStep.run(examples, new TrainStep.Input(o.get(CUTOFF_QUANTILE),
                    o.get(VALIDATION_FRACTION), o.get(MAX_TRAIN_EXAMPLES), o.get(MAX_VALIDATION_EXAMPLES), hyperParameters));
            BundleMetadata description = DescribeStep.run(new DescribeStep.Input(input.getFileName().toString(), format,
                    featureConfig, o.get(CUTOFF_QUANTILE), hyperParameters, o.get(MODEL_VERSION), Instant.now(), schema), history, trained);
            ModelBundle described = new ModelBundle(description, trained.boosterJson());
            GroundTruth truth = o.get(GROUND_TRUTH) == null ? null : GroundTruth.read(Path.of(o.get(GROUND_TRUTH)));
            Calibrated calibrated = calibrateAndEvaluate(described, examples, trained.split(), hyperParameters.threads(), truth);
            Map<String, Object> breakdown = BreakdownStep.run(examples, calibrated.evaluation().scores(), described,
                    trained.history());
            breakdown.put("calibration", calibrated.calibration().fit());
            // After the calibration is settled: the reference propensities are those the job will emit.
            description.referenceDistributions = ReferenceStep.run(sample, trained.split().cutoff(), described,
                    hyperParameters.threads());
            ModelBundle bundle = WriteStep.run(described, calibrated.evaluation().metrics(), breakdown, examples, output);
            Path report = ReportStep.run(bundle, calibrated.evaluation().scores(), output);
            return new Result(bundle, history, trained, report);
        }
    }

    /** What the calibrate and evaluate steps gave. */
    private record Calibrated(CalibrateStep.Calibrated calibration, EvaluateStep.Evaluation evaluation) {}

    /**
     * Fits the calibration on the validation side, then scores the test side through the bundle as the job will
     * load it (the booster, its round limit and the calibration if kept), next to the uncalibrated booster and
     * the fitted calibration (kept or not), so that the bundle reports ECE before and after. On return
     * {@code described} carries the calibration when it is kept.
     */
    private static Calibrated calibrateAndEvaluate(ModelBundle described, ExampleSet examples, TemporalSplit split,
            int threads, GroundTruth truth) {
        BundleMetadata meta = described.metadata();
        meta.calibration = null;
        try (XGBoostScorer uncalibrated = new XGBoostScorer(described, threads)) {
            CalibrateStep.Calibrated calibrated = CalibrateStep.run(examples, split, uncalibrated);
            if (calibrated.candidate() == null) {
                return new Calibrated(calibrated, EvaluateStep.run(examples, split, uncalibrated, truth));
            }
            // A scorer reads the calibration when it is made: this one applies the candidate, kept or not.
            meta.calibration = calibrated.candidate().toJson();
            try (XGBoostScorer candidate = new XGBoostScorer(described, threads)) {
                meta.calibration = null;
                if (calibrated.kept()) {
                    meta.calibration = calibrated.candidate().toJson();
                    meta.calibration.fit = calibrated.fit();
                }
                EvaluateStep.Scorers scorers = new EvaluateStep.Scorers(calibrated.kept() ? candidate : uncalibrated,
                        uncalibrated, candidate);
                return new Calibrated(calibrated, EvaluateStep.run(examples, split, scorers, truth));
            }
        }
    }

    private static Path existingInput(String input) {
        if (input == null) {
            throw new IllegalArgumentException("--input (or --examples) is required");
        }
        Path path = Path.of(input);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("input " + input + " does not exist");
        }
        return path;
    }
}
