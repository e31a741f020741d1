package io.intentstream.trainer;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.evaluation.Metrics;
import io.intentstream.events.EventFormat;
import io.intentstream.events.Timestamps;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import io.intentstream.model.Target;
import io.intentstream.model.XGBoostScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a user-level target ({@code repeat-purchase}, {@code next-purchase-days}) from the same replay as the
 * session model: one example per purchase event ({@link PurchaseExamples}), labelled and split by
 * {@link UserTargetSplit}, trained with the same {@link BoosterTraining}, evaluated on the test side against a
 * baseline, and written as a bundle that records its target, with a report page ({@link UserTargetReport}). A
 * repeat-purchase probability is calibrated like the session propensity, when that helps on the validation side.
 */
public final class UserTargetTrainer {
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String HAS_PURCHASED_BEFORE_FEATURE = "user_prev_purchases";

    /** What a run produced. */
    public record Result(ModelBundle bundle, PurchaseExamples examples, UserTargetSplit split, float[] testPredictions) {}

    private UserTargetTrainer() {}

    public static Result run(Options.Values o) throws Exception {
        Target target = Target.parse(o.get(Trainer.TARGET));
        if (o.get(Trainer.EXAMPLES) != null) {
            throw new IllegalArgumentException("--examples holds session-purchase examples; --target " + o.get(Trainer.TARGET)
                    + " learns from purchase events, so it replays --input");
        }
        long horizon = o.get(Trainer.HORIZON).toMillis();
        if (horizon <= 0) {
            throw new IllegalArgumentException("--horizon must be positive, got " + o.get(Trainer.HORIZON));
        }
        String input = o.get(Trainer.INPUT);
        if (input == null || !Files.exists(Path.of(input))) {
            throw new IllegalArgumentException(input == null ? "--input is required" : "input " + input + " does not exist");
        }
        EventFormat format = EventFormat.fromOptionName(o.get(Trainer.FORMAT));
        FeatureConfig featureConfig = FeatureConfig.withTimeZone(o.get(Trainer.TIME_ZONE))
                .withSessionTimeoutMillis(o.get(Trainer.SESSION_TIMEOUT).toMillis())
                .withUserHistoryTtlMillis(o.get(Trainer.USER_HISTORY_TTL).toMillis());
        String schema = o.get(Trainer.FEATURE_SCHEMA);
        List<String> names = FeatureSchema.names(schema).orElseThrow(() -> new IllegalArgumentException(
                "unknown --feature-schema " + schema + ": expected one of " + FeatureSchema.versions()));
        HyperParameters hp = HyperParameters.fromOptions(o);

        PurchaseExamples purchases = new PurchaseExamples(names.size());
        ReplayStep.Replayed history;
        // The session examples are collected too (the replay step's contract); they are dropped unused.
        try (ExampleSet unused = new ExampleSet(names.size())) {
            history = ReplayStep.run(new ReplayStep.Input(Path.of(input), format, o.get(Trainer.APPLY_ORDER), featureConfig,
                    o.get(Trainer.MAX_IN_MEMORY_EVENTS), o.get(Trainer.SPILL_DIR) == null ? null : Path.of(o.get(Trainer.SPILL_DIR))),
                    unused, purchases);
        }
        if (history.windowEnd() == null) {
            throw new IllegalArgumentException("the history has no valid event");
        }
        UserTargetSplit split = UserTargetSplit.of(purchases, target, history.windowEnd(), horizon,
                o.get(Trainer.CUTOFF_QUANTILE), o.get(Trainer.VALIDATION_FRACTION));
        int[] train = split.indices(UserTargetSplit.Side.TRAIN);
        int[] validation = split.indices(UserTargetSplit.Side.VALIDATION);
        int[] test = split.indices(UserTargetSplit.Side.TEST);
        if (train.length == 0 || test.length == 0) {
            throw new IllegalStateException("the split left " + train.length + " train and " + test.length + " test purchase"
                    + " examples; the history is too short for the cutoff quantile and horizon");
        }
        Map<String, Object> params = params(hp, target);
        long start = System.nanoTime();
        byte[] boosterJson;
        int rounds;
        int best;
        DMatrix trainMatrix = matrix(purchases, split, train, target);
        DMatrix validationMatrix = null;
        try {
            validationMatrix = validation.length == 0 ? null : matrix(purchases, split, validation, target);
            BoosterTraining.Boosted boosted = BoosterTraining.train(params, trainMatrix, validationMatrix, hp.rounds(),
                    hp.earlyStoppingRounds());
            Booster booster = boosted.booster();
            try {
                boosterJson = BoosterTraining.toJson(booster);
                rounds = BoosterTraining.rounds(booster);
                best = BoosterTraining.bestIteration(booster);
            } finally {
                booster.dispose();
            }
        } finally {
            trainMatrix.dispose();
            if (validationMatrix != null) {
                validationMatrix.dispose();
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        BundleMetadata meta = new BundleMetadata();
        Instant now = Instant.now();
        meta.createdAt = now.toString();
        String version = o.get(Trainer.MODEL_VERSION);
        meta.modelVersion = version != null ? version
                : "m" + VERSION_TIME.format(now) + "-" + ModelBundle.sha256(boosterJson).substring(0, 8);
        meta.featureSchemaVersion = schema;
        meta.featureNames = new ArrayList<>(names);
        meta.featureConfig = BundleMetadata.FeatureConfigJson.of(featureConfig);
        meta.objective = target.objective();
        meta.target = target.optionName();
        meta.horizonDays = target == Target.REPEAT_PURCHASE ? horizon / UserTargetSplit.DAY_MS : null;
        meta.boosterFile = ModelBundle.DEFAULT_BOOSTER_FILE;
        meta.xgboostVersion = XGBoostVersion.of(boosterJson);
        meta.params = new LinkedHashMap<>(params);
        meta.params.put("rounds", hp.rounds());
        meta.params.put("early_stopping_rounds", hp.earlyStoppingRounds());
        meta.numBoostedRounds = rounds;
        meta.bestIteration = best;
        meta.training = training(o, history, split, trainSeconds);
        ModelBundle bundle = new ModelBundle(meta, boosterJson);
        if (target == Target.REPEAT_PURCHASE) {
            meta.training.put("calibration", calibrate(bundle, purchases, split, validation, hp.threads()));
        }

        float[] predictions;
        try (XGBoostScorer scorer = new XGBoostScorer(bundle, hp.threads())) {
            predictions = scorer.predictBatch(rows(purchases, test), test.length);
        }
        UserTargetReport.TestSide testSide = target == Target.REPEAT_PURCHASE
                ? repeatTestSide(purchases, split, test, predictions, names.indexOf(HAS_PURCHASED_BEFORE_FEATURE))
                : nextPurchaseTestSide(purchases, split, train, test, predictions);
        meta.metrics = testSide.metrics();
        meta.referenceBatch = ReferenceBatches.build(bundle, referenceRows(purchases), ReferenceRows.PROBE_ROWS);
        bundle.write(Path.of(o.get(Trainer.OUTPUT)));
        UserTargetReport.write(bundle, testSide, Path.of(o.get(Trainer.OUTPUT)));
        return new Result(bundle, purchases, split, predictions);
    }

    /**
     * A repeat-purchase probability is calibrated as the session propensity is ({@link CalibrateStep#choose}): on the
     * validation purchases, folds by user, kept only when it lowers the cross-validated ECE. Sets the bundle's
     * calibration when kept and returns how it was chosen. Survival days are not probabilities: no calibration.
     */
    private static Map<String, Object> calibrate(ModelBundle bundle, PurchaseExamples purchases, UserTargetSplit split,
            int[] validation, int threads) {
        float[] margins;
        try (XGBoostScorer scorer = new XGBoostScorer(bundle, threads)) {
            margins = validation.length == 0 ? new float[0] : scorer.marginBatch(rows(purchases, validation), validation.length);
        }
        boolean[] labels = new boolean[validation.length];
        int[] fold = new int[validation.length];
        for (int k = 0; k < validation.length; k++) {
            labels[k] = split.lower(validation[k]) > 0;
            fold[k] = Math.floorMod(Long.hashCode(purchases.userKey(validation[k]) * 0x9E3779B97F4A7C15L), CalibrateStep.FOLDS);
        }
        CalibrateStep.Calibrated calibrated = CalibrateStep.choose(margins, labels, fold);
        bundle.metadata().calibration = calibrated.kept() ? calibrated.candidate().toJson() : null;
        return calibrated.fit();
    }

    /** The session model's parameters with the target's objective and evaluation metric. */
    static Map<String, Object> params(HyperParameters hp, Target target) {
        Map<String, Object> p = hp.boosterParams();
        p.put("objective", target.objective());
        if (target == Target.NEXT_PURCHASE_DAYS) {
            p.put("eval_metric", "aft-nloglik");
            p.put("aft_loss_distribution", "normal");
            p.put("aft_loss_distribution_scale", 1.0);
        }
        return p;
    }

    private static float[] rows(PurchaseExamples purchases, int[] which) {
        int w = purchases.width();
        float[] rows = new float[which.length * w];
        for (int k = 0; k < which.length; k++) {
            purchases.copyRow(which[k], rows, k * w);
        }
        return rows;
    }

    /** A 0/1 label matrix, or for survival the label's lower and upper bounds as XGBoost's AFT objective reads them. */
    static DMatrix matrix(PurchaseExamples purchases, UserTargetSplit split, int[] which, Target target) {
        float[] lower = new float[which.length];
        float[] upper = new float[which.length];
        for (int k = 0; k < which.length; k++) {
            lower[k] = split.lower(which[k]);
            upper[k] = split.upper(which[k]);
        }
        DMatrix m = BoosterTraining.matrix(rows(purchases, which), lower, purchases.width());
        if (target == Target.NEXT_PURCHASE_DAYS) {
            try {
                // XGBoost4J 2.1.4 has no setter for the bounds: the C API's float info it wraps is called directly.
                setFloatInfo(m, "label_lower_bound", lower);
                setFloatInfo(m, "label_upper_bound", upper);
            } catch (RuntimeException e) {
                m.dispose();
                throw e;
            }
        }
        return m;
    }

    /**
     * XGBoost4J 2.1.4 sets the label, weight and base margin only; the AFT bounds go through the same native call,
     * {@code XGDMatrixSetFloatInfo}, which its package-private {@code XGBoostJNI} declares public: reached by
     * reflection, on a matrix this class owns.
     */
    private static void setFloatInfo(DMatrix m, String field, float[] values) {
        try {
            Class<?> jni = Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI");
            java.lang.reflect.Method set = jni.getMethod("XGDMatrixSetFloatInfo", long.class, String.class, float[].class);
            set.setAccessible(true);
            int rc = (Integer) set.invoke(null, m.getHandle(), field, values);
            if (rc != 0) {
                java.lang.reflect.Method error = jni.getMethod("XGBGetLastError");
                error.setAccessible(true);
                throw new IllegalStateException("XGBoost could not set " + field + ": " + error.invoke(null));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach XGBoost4J's XGDMatrixSetFloatInfo to set " + field
                    + " (is XGBoost4J still 2.1.x?): " + e, e);
        }
    }

    private static List<float[]> referenceRows(PurchaseExamples purchases) {
        List<float[]> rows = new ArrayList<>();
        int take = Math.min(ReferenceRows.REAL_ROWS, purchases.size());
        for (int k = 0; k < take; k++) {
            rows.add(purchases.row((int) ((long) k * purchases.size() / take)));
        }
        return rows;
    }

    private static Map<String, Object> training(Options.Values o, ReplayStep.Replayed history, UserTargetSplit split,
            double seconds) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("input", Path.of(o.get(Trainer.INPUT)).getFileName().toString());
        t.put("format", o.get(Trainer.FORMAT));
        t.put("apply_order", Option.render(history.order()));
        t.put("events_valid", history.validEvents());
        t.put("events_rejected", history.rejectedEvents());
        t.put("window_start", Timestamps.formatUtc(history.windowStart()));
        t.put("window_end", Timestamps.formatUtc(history.windowEnd()));
        t.put("cutoff", Timestamps.formatUtc(split.cutoff()));
        t.put("validation_cutoff", split.validationCutoff() == Long.MAX_VALUE ? null
                : Timestamps.formatUtc(split.validationCutoff()));
        t.put("cutoff_quantile", o.get(Trainer.CUTOFF_QUANTILE));
        t.put("examples", "one per purchase event");
        for (UserTargetSplit.Side side : UserTargetSplit.Side.values()) {
            t.put("purchases_" + side.name().toLowerCase(java.util.Locale.ROOT), split.count(side));
        }
        for (UserTargetSplit.Side side : List.of(UserTargetSplit.Side.TRAIN, UserTargetSplit.Side.VALIDATION,
                UserTargetSplit.Side.TEST)) {
            int positives = 0;
            int censored = 0;
            for (int i : split.indices(side)) {
                positives += split.lower(i) > 0 && !split.censored(i) ? 1 : 0;
                censored += split.censored(i) ? 1 : 0;
            }
            String name = side.name().toLowerCase(java.util.Locale.ROOT);
            t.put("labelled_" + name, positives);
            t.put("censored_" + name, censored);
        }
        t.put("train_seconds", Math.round(seconds * 10) / 10.0);
        return t;
    }

    /**
     * The model against "has purchased before" ({@code user_prev_purchases > 0}), which is turned into a probability
     * by the train side's repeat rate of each of its two groups, so that its calibration can be compared too.
     */
    static Map<String, Map<String, Double>> repeatMetrics(PurchaseExamples purchases, UserTargetSplit split, int[] test,
            float[] predictions, int hasPurchasedColumn) {
        return repeatTestSide(purchases, split, test, predictions, hasPurchasedColumn).metrics();
    }

    /**
     * The test side of a repeat-purchase model, with the model's probabilities and the baseline's, which the metrics
     * and the report page both read.
     */
    static UserTargetReport.TestSide repeatTestSide(PurchaseExamples purchases, UserTargetSplit split, int[] test,
            float[] predictions, int hasPurchasedColumn) {
        boolean[] labels = new boolean[test.length];
        double[] p = new double[test.length];
        for (int k = 0; k < test.length; k++) {
            labels[k] = split.lower(test[k]) > 0;
            p[k] = predictions[k];
        }
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        m.put("test_purchases", Metrics.summary(p, labels));
        double[] baseline = null;
        if (hasPurchasedColumn >= 0) {
            double[] positives = new double[2];
            double[] counts = new double[2];
            for (int i : split.indices(UserTargetSplit.Side.TRAIN)) {
                int g = hasPurchased(purchases, i, hasPurchasedColumn);
                counts[g]++;
                positives[g] += split.lower(i);
            }
            baseline = new double[test.length];
            for (int k = 0; k < test.length; k++) {
                int g = hasPurchased(purchases, test[k], hasPurchasedColumn);
                // Laplace-smoothed, so an empty group gives a probability and not 0/0.
                baseline[k] = (positives[g] + 1) / (counts[g] + 2);
            }
            m.put("baseline_has_purchased_before_test", Metrics.summary(baseline, labels));
        }
        return new UserTargetReport.TestSide(Target.REPEAT_PURCHASE, p, baseline, labels, null, null, m);
    }

    private static int hasPurchased(PurchaseExamples purchases, int i, int column) {
        float v = purchases.row(i)[column];
        return v > 0 ? 1 : 0;
    }

    /**
     * The model against "the user's mean gap so far" (mean days between the earlier purchase sessions; users with
     * fewer than two get the median observed gap of the train side): Harrell's C over the test side with censoring,
     * and the mean absolute error in days on the uncensored test examples.
     */
    static Map<String, Map<String, Double>> nextPurchaseMetrics(PurchaseExamples purchases, UserTargetSplit split,
            int[] train, int[] test, float[] predictions) {
        return nextPurchaseTestSide(purchases, split, train, test, predictions).metrics();
    }

    /** The test side of a next-purchase-days model: predicted and baseline days, observed times and censoring. */
    static UserTargetReport.TestSide nextPurchaseTestSide(PurchaseExamples purchases, UserTargetSplit split,
            int[] train, int[] test, float[] predictions) {
        double[] time = new double[test.length];
        boolean[] censored = new boolean[test.length];
        double[] model = new double[test.length];
        double[] baseline = new double[test.length];
        double fallback = medianObserved(split, train);
        int uncensored = 0;
        for (int k = 0; k < test.length; k++) {
            time[k] = split.lower(test[k]);
            censored[k] = split.censored(test[k]);
            uncensored += censored[k] ? 0 : 1;
            model[k] = predictions[k];
            double gap = purchases.meanGapSoFarDays(test[k]);
            baseline[k] = Double.isNaN(gap) ? fallback : gap;
        }
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        m.put("test_purchases", survival(model, time, censored, uncensored));
        m.put("baseline_mean_gap_so_far_test", survival(baseline, time, censored, uncensored));
        return new UserTargetReport.TestSide(Target.NEXT_PURCHASE_DAYS, model, baseline, null, time, censored, m);
    }

    private static Map<String, Double> survival(double[] predicted, double[] time, boolean[] censored, int uncensored) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("c_index", SurvivalMetrics.concordance(predicted, time, censored));
        m.put("mae_uncensored_days", SurvivalMetrics.maeUncensored(predicted, time, censored));
        m.put("examples", (double) predicted.length);
        m.put("uncensored", (double) uncensored);
        return m;
    }

    private static double medianObserved(UserTargetSplit split, int[] train) {
        double[] observed = Arrays.stream(train).filter(i -> !split.censored(i)).mapToDouble(split::lower).sorted().toArray();
        return observed.length == 0 ? Double.NaN : observed[observed.length / 2];
    }
}
