package io.intentstream.trainer;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.RejectReason;
import io.intentstream.events.Timestamps;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.generator.GroundTruth;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;

/** The batch trainer: replay history, build point-in-time examples, split by time, train, evaluate, write a bundle. */
public final class Trainer {
    public static final Option<String> INPUT = Option.string("input", null, "event history: a file or directory (plain or .gz)");
    public static final Option<String> FORMAT = Option.string("format", "json", "input layout: json, rees46 or retailrocket");
    public static final Option<String> OUTPUT = Option.string("output", "output/model", "directory to write the model bundle to");
    public static final Option<String> TIME_ZONE = Option.string("time-zone", "UTC", "IANA zone for hour-of-day/day-of-week features");
    public static final Option<Duration> SESSION_TIMEOUT = Option.duration("session-timeout",
            Duration.ofMillis(FeatureConfig.DEFAULT_SESSION_TIMEOUT_MILLIS), "inactivity after which a session ends");
    public static final Option<Double> CUTOFF_QUANTILE = Option.decimal("cutoff-quantile", 0.8,
            "share of sessions (by start time) before the train/test cutoff");
    public static final Option<Double> VALIDATION_FRACTION = Option.decimal("validation-fraction", 0.15,
            "latest-starting share of train sessions used for early stopping");
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
        for (Option<?> opt : List.of(INPUT, FORMAT, OUTPUT, TIME_ZONE, SESSION_TIMEOUT, CUTOFF_QUANTILE, VALIDATION_FRACTION)) {
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
        /** Wall-clock seconds of reading and replaying the history, and of training. */
        public final double replaySeconds;
        public final double trainSeconds;

        Result(ModelBundle bundle, TemporalSplit split, long validEvents, long rejectedEvents, double replaySeconds,
                double trainSeconds) {
            this.bundle = bundle;
            this.split = split;
            this.replaySeconds = replaySeconds;
            this.trainSeconds = trainSeconds;
            this.validEvents = validEvents;
            this.rejectedEvents = rejectedEvents;
        }
    }

    private Trainer() {}

    public static Result run(Options.Values o) throws Exception {
        String input = o.get(INPUT);
        if (input == null) {
            throw new IllegalArgumentException("--input is required");
        }
        Path inputPath = Path.of(input);
        if (!Files.exists(inputPath)) {
            throw new IllegalArgumentException("input " + input + " does not exist");
        }
        EventFormat format = EventFormat.fromOptionName(o.get(FORMAT));
        FeatureConfig featureConfig = FeatureConfig.withTimeZone(o.get(TIME_ZONE))
                .withSessionTimeoutMillis(o.get(SESSION_TIMEOUT).toMillis());
        HyperParameters hp = HyperParameters.fromOptions(o);

        try (ExampleSet examples = new ExampleSet(FeatureSchema.SIZE)) {
            return run(o, inputPath, format, featureConfig, hp, examples);
        }
    }

    private static Result run(Options.Values o, Path inputPath, EventFormat format, FeatureConfig featureConfig,
            HyperParameters hp, ExampleSet examples) throws Exception {
        long replayStart = System.nanoTime();
        Path spillDir = o.get(SPILL_DIR) != null ? Path.of(o.get(SPILL_DIR)) : Files.createTempDirectory("intentstream-spill");
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        long valid;
        long rejected;
        Map<RejectReason, Long> rejectedByReason;
        long duplicates;
        try (EventPartitions history = EventPartitions.read(inputPath, format, ValidationRules.defaults(),
                o.get(MAX_IN_MEMORY_EVENTS), 64, spillDir)) {
            HistoryReplay replay = new HistoryReplay(featureConfig);
            ExampleCollector collector = new ExampleCollector(examples);
            long[] duplicateCount = {0};
            long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
            ReplayListener listener = new ReplayListener() {
                @Override
                public void applied(ClickEvent event, SessionState session,
                        float[] features) {
                    window[0] = Math.min(window[0], event.eventTime);
                    window[1] = Math.max(window[1], event.eventTime);
                    collector.applied(event, session, features);
                }

                @Override
                public void duplicate(ClickEvent event) {
                    duplicateCount[0]++;
                }

                @Override
                public void sessionClosed(SessionState session) {
                    collector.sessionClosed(session);
                }
            };
            for (List<ClickEvent> partition : history.partitions()) {
                replay.replay(partition, listener);
            }
            valid = history.validCount();
            rejected = history.rejectedCount();
            rejectedByReason = history.rejectedByReason();
            duplicates = duplicateCount[0];
            minTime = window[0];
            maxTime = window[1];
        } finally {
            if (o.get(SPILL_DIR) == null) {
                Files.deleteIfExists(spillDir);
            }
        }

        TemporalSplit split = TemporalSplit.of(examples, o.get(CUTOFF_QUANTILE), o.get(VALIDATION_FRACTION));
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        long trainStart = System.nanoTime();
        Matrices m = Matrices.of(examples, split, o.get(MAX_TRAIN_EXAMPLES), o.get(MAX_VALIDATION_EXAMPLES));
        if (m.trainLabels.length == 0 || m.testExamples == 0) {
            throw new IllegalStateException("the split left " + m.trainLabels.length + " train and " + m.testExamples
                    + " test examples; the history is too short for the cutoff quantile " + o.get(CUTOFF_QUANTILE));
        }
        DMatrix train = BoosterTraining.matrix(m.trainRows, m.trainLabels, examples.width());
        DMatrix validation = m.validationLabels.length > 0
                ? BoosterTraining.matrix(m.validationRows, m.validationLabels, examples.width()) : null;
        int trainExamples = m.trainLabels.length;
        int validationExamples = m.validationLabels.length;
        int testExamples = m.testExamples;
        int trainExamplesBeforeSampling = m.trainExamplesBeforeSampling;
        // XGBoost has its own copies now; the heap copies would otherwise live on through evaluation.
        m = null;
        Booster booster;
        try {
            booster = BoosterTraining.train(hp.boosterParams(), train, validation, hp.rounds(), hp.earlyStoppingRounds());
        } finally {
            train.dispose();
            if (validation != null) {
                validation.dispose();
            }
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        int bestIteration = BoosterTraining.bestIteration(booster);
        byte[] boosterJson = BoosterTraining.toJson(booster);
        int rounds = booster.getNumBoostedRound();
        booster.dispose();

        BundleMetadata meta = new BundleMetadata();
        meta.formatVersion = BundleMetadata.CURRENT_FORMAT_VERSION;
        Instant now = Instant.now();
        meta.createdAt = now.toString();
        meta.modelVersion = o.get(MODEL_VERSION) != null ? o.get(MODEL_VERSION)
                : "m" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now)
                        + "-" + ModelBundle.sha256(boosterJson).substring(0, 8);
        meta.featureSchemaVersion = FeatureSchema.VERSION;
        meta.featureNames = new ArrayList<>(FeatureSchema.names());
        meta.featureConfig = BundleMetadata.FeatureConfigJson.of(featureConfig);
        meta.objective = "binary:logistic";
        meta.boosterFile = ModelBundle.DEFAULT_BOOSTER_FILE;
        meta.xgboostVersion = "2.1.4";
        meta.params = hp.bundleParams();
        meta.numBoostedRounds = rounds;
        meta.bestIteration = bestIteration;

        Map<String, Object> training = meta.training;
        training.put("input", inputPath.getFileName().toString());
        training.put("format", format.optionName());
        training.put("events_valid", valid);
        training.put("events_rejected", rejected);
        Map<String, Long> reasons = new LinkedHashMap<>();
        rejectedByReason.forEach((k, v) -> reasons.put(k.code(), v));
        training.put("events_rejected_by_reason", reasons);
        training.put("events_duplicate", duplicates);
        training.put("window_start", minTime == Long.MAX_VALUE ? null : Timestamps.formatUtc(minTime));
        training.put("window_end", maxTime == Long.MIN_VALUE ? null : Timestamps.formatUtc(maxTime));
        training.put("cutoff", Timestamps.formatUtc(split.cutoff()));
        training.put("validation_cutoff", split.validationCutoff() == Long.MAX_VALUE ? null : Timestamps.formatUtc(split.validationCutoff()));
        training.put("cutoff_quantile", o.get(CUTOFF_QUANTILE));
        training.put("sessions_train", split.countSessions(TemporalSplit.Side.TRAIN));
        training.put("sessions_validation", split.countSessions(TemporalSplit.Side.VALIDATION));
        training.put("sessions_test", split.countSessions(TemporalSplit.Side.TEST));
        training.put("sessions_excluded_straddling_cutoff", split.countSessions(TemporalSplit.Side.EXCLUDED));
        training.put("examples_train", trainExamples);
        training.put("examples_validation", validationExamples);
        training.put("examples_test", testExamples);
        training.put("examples_train_sampled_from", trainExamplesBeforeSampling);
        training.put("replay_seconds", Math.round(replaySeconds * 10) / 10.0);
        training.put("train_seconds", Math.round(trainSeconds * 10) / 10.0);

        ModelBundle unscored = new ModelBundle(meta, boosterJson);
        try (XGBoostScorer scorer = new XGBoostScorer(unscored, hp.threads())) {
            meta.metrics = Evaluation.evaluate(examples, split, scorer);
            if (o.get(GROUND_TRUTH) != null) {
                meta.metrics.putAll(Evaluation.oracle(examples, split, GroundTruth.read(Path.of(o.get(GROUND_TRUTH))), scorer));
            }
        }
        meta.referenceBatch = ReferenceBatches.build(unscored, ReferenceRows.pick(examples), ReferenceRows.PROBE_ROWS);
        Path out = Path.of(o.get(OUTPUT));
        unscored.write(out);
        return new Result(unscored, split, valid, rejected, replaySeconds, trainSeconds);
    }
}
