package io.intentstream.trainer;

import static io.intentstream.trainer.TrainerTestSupport.MINUTE;
import static io.intentstream.trainer.TrainerTestSupport.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.EventFormat;
import io.intentstream.events.RejectReason;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The describe step writes down what was trained, from what, and how: every bundle.json field but metrics. */
class DescribeStepTest {
    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final HyperParameters HP = new HyperParameters(4, 0.1, 2.0, 0.9, 0.7, 3.0, 2, 42L, 10, 5,
            Map.of("max_bin", "64"));

    private static ExampleSet examples;
    private static TrainStep.Trained trained;
    private static ReplayStep.Replayed history;

    @BeforeAll
    static void trainOnce() {
        examples = SyntheticExamples.separable(200, 0, 0);
        trained = SyntheticExamples.train(examples);
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        rejected.put(RejectReason.MISSING_FIELD, 2L);
        rejected.put(RejectReason.INVALID_JSON, 1L);
        history = new ReplayStep.Replayed(ApplyOrder.EVENT_TIME, 500, 3, rejected, 4, START, START + 199 * MINUTE, 1.26);
    }

    @AfterAll
    static void removeExamples() {
        examples.close();
    }

    private static BundleMetadata describe(String modelVersion) {
        return DescribeStep.run(new DescribeStep.Input("history.jsonl.gz", EventFormat.REES46_CSV,
                FeatureConfig.withTimeZone("Europe/Berlin"), 0.8, HP, modelVersion, NOW), history, trained);
    }

    @Test
    void theBoosterIsDescribedWithTheLibraryVersionTheParametersAndItsRoundLimit() throws Exception {
        BundleMetadata meta = describe("v-1");

        assertThat(meta.formatVersion).isEqualTo(BundleMetadata.CURRENT_FORMAT_VERSION);
        assertThat(meta.modelVersion).isEqualTo("v-1");
        assertThat(meta.createdAt).isEqualTo("2024-05-06T07:08:09.123Z");
        assertThat(meta.xgboostVersion).as("read from the booster, not typed in")
                .isEqualTo(XGBoostVersionTest.versionOfTheXGBoost4JJar());
        assertThat(meta.objective).isEqualTo("binary:logistic");
        assertThat(meta.boosterFile).isEqualTo(ModelBundle.DEFAULT_BOOSTER_FILE);
        assertThat(meta.featureSchemaVersion).isEqualTo(FeatureSchema.VERSION);
        assertThat(meta.featureNames).isEqualTo(FeatureSchema.names());
        assertThat(meta.featureConfig.timeZone).isEqualTo("Europe/Berlin");
        assertThat(meta.numBoostedRounds).isEqualTo(trained.numBoostedRounds());
        assertThat(meta.bestIteration).isEqualTo(trained.bestIteration());
        assertThat(meta.metrics).as("the evaluate step's").isEmpty();
        assertThat(meta.referenceBatch).as("the write step's").isNull();
    }

    @Test
    void theXGBoostVersionIsTheOneTheBoosterRecords() {
        String json = new String(trained.boosterJson(), StandardCharsets.UTF_8);
        String recorded = "\"version\":[" + XGBoostVersion.of(trained.boosterJson()).replace('.', ',') + "]";
        assertThat(json).endsWith(recorded + "}");
        byte[] fromAnotherVersion = (json.substring(0, json.length() - recorded.length() - 1) + "\"version\":[9,8,7]}")
                .getBytes(StandardCharsets.UTF_8);
        TrainStep.Trained other = new TrainStep.Trained(trained.split(), trained.examples(), fromAnotherVersion,
                trained.numBoostedRounds(), trained.bestIteration(), trained.seconds(), trained.history());

        assertThat(DescribeStep.run(new DescribeStep.Input("h", EventFormat.JSON, FeatureConfig.defaults(), 0.8, HP, "v", NOW),
                history, other).xgboostVersion).isEqualTo("9.8.7");
    }

    @Test
    void paramsAreTheHyperParametersRenderedInXGBoostsNamesThenTheRoundSettings() {
        BundleMetadata meta = describe("v-1");

        assertThat(new ArrayList<>(meta.params.keySet())).containsExactly("objective", "tree_method", "eval_metric",
                "max_depth", "eta", "min_child_weight", "subsample", "colsample_bytree", "lambda", "nthread", "seed", "max_bin",
                "rounds", "early_stopping_rounds");
        assertThat(meta.params).containsEntry("max_depth", 4).containsEntry("eta", 0.1).containsEntry("min_child_weight", 2.0)
                .containsEntry("subsample", 0.9).containsEntry("colsample_bytree", 0.7).containsEntry("lambda", 3.0)
                .containsEntry("nthread", 2).containsEntry("seed", 42L).containsEntry("max_bin", "64")
                .containsEntry("rounds", 10).containsEntry("early_stopping_rounds", 5);
    }

    @Test
    void theTrainingSectionSaysWhatWasReplayedAndHowItWasSplit() {
        Map<String, Object> t = describe("v-1").training;

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("input", "history.jsonl.gz");
        expected.put("format", "rees46");
        expected.put("apply_order", "event-time");
        expected.put("events_valid", 500L);
        expected.put("events_rejected", 3L);
        expected.put("events_rejected_by_reason", Map.of("invalid_json", 1L, "missing_field", 2L));
        expected.put("events_duplicate", 4L);
        expected.put("window_start", "2019-10-01T00:00:00Z");
        expected.put("window_end", "2019-10-01T03:19:00Z");
        // 200 sessions a minute apart: test from session 160, validation from session 120.
        expected.put("cutoff", "2019-10-01T02:40:00Z");
        expected.put("validation_cutoff", "2019-10-01T02:00:00Z");
        expected.put("cutoff_quantile", 0.8);
        expected.put("sessions_train", 120);
        expected.put("sessions_validation", 40);
        expected.put("sessions_test", 40);
        expected.put("sessions_excluded_straddling_cutoff", 0);
        expected.put("examples_train", 240);
        expected.put("examples_validation", 80);
        expected.put("examples_test", 80);
        expected.put("examples_train_sampled_from", 240);
        expected.put("positives_train", trained.examples().trainPositives());
        expected.put("positives_validation", trained.examples().validationPositives());
        expected.put("replay_seconds", 1.3);
        expected.put("train_seconds", Math.round(trained.seconds() * 10) / 10.0);
        assertThat(t).isEqualTo(expected);
        assertThat(new ArrayList<>(t.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        assertThat(new ArrayList<Object>(((Map<?, ?>) t.get("events_rejected_by_reason")).keySet()))
                .as("reasons in the order of their codes' declaration").containsExactly((Object) "invalid_json", "missing_field");
    }

    @Test
    void withoutAGivenVersionTheModelVersionIsTheTimeAndTheBoostersHash() {
        BundleMetadata meta = describe(null);

        assertThat(meta.modelVersion).isEqualTo("m20240506T070809Z-" + ModelBundle.sha256(trained.boosterJson()).substring(0, 8));
    }

    @Test
    void aHistoryWithoutAppliedEventsHasNoWindowAndASplitWithoutValidationNoValidationCutoff() {
        try (ExampleSet noValidation = SyntheticExamples.separable(200, 0, 0)) {
            TrainStep.Trained t = TrainStep.run(noValidation, new TrainStep.Input(0.8, 0, Integer.MAX_VALUE, Integer.MAX_VALUE,
                    SyntheticExamples.hyperParameters(2, 1)));
            ReplayStep.Replayed empty = new ReplayStep.Replayed(ApplyOrder.EVENT_TIME, 0, 0, Map.of(), 0, null, null, 0);
            Map<String, Object> training = DescribeStep.run(new DescribeStep.Input("h", EventFormat.JSON,
                    FeatureConfig.defaults(), 0.8, HP, "v", NOW), empty, t).training;

            assertThat(training).containsEntry("window_start", null).containsEntry("window_end", null)
                    .containsEntry("validation_cutoff", null).containsEntry("sessions_validation", 0);
        }
    }
}
