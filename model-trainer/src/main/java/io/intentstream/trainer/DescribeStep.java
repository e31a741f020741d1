package io.intentstream.trainer;

import io.intentstream.cli.Option;
import io.intentstream.events.EventFormat;
import io.intentstream.events.Timestamps;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step 3 of training: the bundle's description of the trained booster, everything bundle.json says but the
 * calibration, the metrics, the evaluation details and the reference batch: feature schema and configuration, the XGBoost version that trained it,
 * the hyper-parameters, the round limit, and how the history was replayed and split.
 */
final class DescribeStep {
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param historyName the input's file or directory name, as recorded in bundle.json
     * @param modelVersion the model version id; {@code null}: derived from {@code now} and the booster's hash
     * @param now the creation time recorded in bundle.json
     * @param featureSchema the feature schema version the model reads ({@link FeatureSchema#versions()})
     */
    record Input(String historyName, EventFormat format, FeatureConfig featureConfig, double cutoffQuantile,
            HyperParameters hyperParameters, String modelVersion, Instant now, String featureSchema) {

        /** A model of the engine's newest schema. */
        Input(String historyName, EventFormat format, FeatureConfig featureConfig, double cutoffQuantile,
                HyperParameters hyperParameters, String modelVersion, Instant now) {
            this(historyName, format, featureConfig, cutoffQuantile, hyperParameters, modelVersion, now, FeatureSchema.VERSION);
        }
    }

    private DescribeStep() {}

    /** The description of {@code trained}; its {@code metrics} are empty and it has no reference batch yet. */
    static BundleMetadata run(Input in, ReplayStep.Replayed history, TrainStep.Trained trained) {
        BundleMetadata meta = new BundleMetadata();
        meta.formatVersion = BundleMetadata.CURRENT_FORMAT_VERSION;
        meta.createdAt = in.now().toString();
        meta.modelVersion = in.modelVersion() != null ? in.modelVersion()
                : "m" + VERSION_TIME.format(in.now()) + "-" + ModelBundle.sha256(trained.boosterJson()).substring(0, 8);
        meta.featureSchemaVersion = in.featureSchema();
        meta.featureNames = new ArrayList<>(FeatureSchema.names(in.featureSchema()).orElseThrow());
        meta.featureConfig = BundleMetadata.FeatureConfigJson.of(in.featureConfig());
        meta.objective = HyperParameters.OBJECTIVE;
        meta.boosterFile = ModelBundle.DEFAULT_BOOSTER_FILE;
        meta.xgboostVersion = XGBoostVersion.of(trained.boosterJson());
        meta.params = in.hyperParameters().bundleParams();
        meta.numBoostedRounds = trained.numBoostedRounds();
        meta.bestIteration = trained.bestIteration();
        meta.training = training(in, history, trained);
        return meta;
    }

    /** bundle.json's {@code training} section: what was replayed, how it was split, how long it took. */
    private static Map<String, Object> training(Input in, ReplayStep.Replayed history, TrainStep.Trained trained) {
        TemporalSplit split = trained.split();
        TrainStep.ExampleCounts examples = trained.examples();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("input", in.historyName());
        t.put("format", in.format().optionName());
        t.put("apply_order", Option.render(history.order()));
        t.put("events_valid", history.validEvents());
        t.put("events_rejected", history.rejectedEvents());
        Map<String, Long> reasons = new LinkedHashMap<>();
        history.rejectedByReason().forEach((k, v) -> reasons.put(k.code(), v));
        t.put("events_rejected_by_reason", reasons);
        t.put("events_duplicate", history.duplicateEvents());
        t.put("window_start", utc(history.windowStart()));
        t.put("window_end", utc(history.windowEnd()));
        t.put("cutoff", Timestamps.formatUtc(split.cutoff()));
        t.put("validation_cutoff", split.validationCutoff() == Long.MAX_VALUE ? null : Timestamps.formatUtc(split.validationCutoff()));
        t.put("cutoff_quantile", in.cutoffQuantile());
        t.put("sessions_train", split.countSessions(TemporalSplit.Side.TRAIN));
        t.put("sessions_validation", split.countSessions(TemporalSplit.Side.VALIDATION));
        t.put("sessions_test", split.countSessions(TemporalSplit.Side.TEST));
        t.put("sessions_excluded_straddling_cutoff", split.countSessions(TemporalSplit.Side.EXCLUDED));
        t.put("examples_train", examples.train());
        t.put("examples_validation", examples.validation());
        t.put("examples_test", examples.test());
        t.put("examples_train_sampled_from", examples.trainBeforeSampling());
        t.put("positives_train", examples.trainPositives());
        t.put("positives_validation", examples.validationPositives());
        t.put("replay_seconds", tenths(history.seconds()));
        t.put("train_seconds", tenths(trained.seconds()));
        return t;
    }

    private static String utc(Long millis) {
        return millis == null ? null : Timestamps.formatUtc(millis);
    }

    private static double tenths(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
