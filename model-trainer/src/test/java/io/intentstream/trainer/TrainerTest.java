package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleCompatibility;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.testing.SampleData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer end to end on the real sample: a bundle that carries everything the job and readers need. */
class TrainerTest {
    @TempDir
    Path tmp;

    @Test
    void trainsOnTheSampleAndWritesACompleteBundle() throws Exception {
        Path out = tmp.resolve("bundle");
        Trainer.Result result = Trainer.run(Trainer.options().parse(new String[] {
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--output", out.toString(),
            "--rounds", "40", "--threads", "1", "--model-version", "test-1"}));

        ModelBundle bundle = ModelBundle.read(out);
        BundleMetadata meta = bundle.metadata();
        BundleCompatibility.check(meta, out.toString());
        assertThat(meta.modelVersion).isEqualTo("test-1");
        assertThat(meta.featureNames).isEqualTo(FeatureSchema.names());
        assertThat(meta.featureConfig.timeZone).isEqualTo("UTC");
        assertThat(meta.bestIteration).isBetween(0, 39);
        assertThat(meta.training).containsEntry("events_valid", 17_434).containsKeys("cutoff", "window_start", "window_end");
        assertThat(meta.metrics).containsKeys("test_events", "test_sessions", "baseline_has_cart_test_events",
                "baseline_has_cart_test_sessions");
        assertThat(meta.metrics.get("test_sessions").get("roc_auc")).isBetween(0.0, 1.0);
        assertThat(meta.metrics.get("test_sessions").get("examples")).isEqualTo((double) result.split.countSessions(TemporalSplit.Side.TEST));

        assertThat(result.report).isEqualTo(out.resolve("report.html")).exists();
        assertThat(meta.evaluation).containsKeys("reliability", "auc_by_events_seen", "slices", "lift_by_decile",
                "feature_importance", "boosting", "calibration");
        assertThat(meta.metrics.get("test_events")).containsKey("ece");
        // A calibration is in the bundle exactly when the calibrate step kept it, and then the bundle is layout 2
        // with the calibrated propensities in its reference batch.
        boolean kept = Boolean.TRUE.equals(ReportStep.map(meta.evaluation.get("calibration")).get("kept"));
        assertThat(meta.calibration != null).isEqualTo(kept);
        assertThat(meta.formatVersion).isEqualTo(kept ? 2 : 1);
        assertThat(meta.referenceBatch.propensities != null).isEqualTo(kept);

        // The stored reference margins are what XGBoost computes from the stored booster.
        BundleMetadata.ReferenceBatch reference = meta.referenceBatch;
        assertThat(reference.features).hasSizeGreaterThan(100);
        int w = FeatureSchema.SIZE;
        float[] rows = new float[reference.features.size() * w];
        for (int r = 0; r < reference.features.size(); r++) {
            for (int c = 0; c < w; c++) {
                Float v = reference.features.get(r).get(c);
                rows[r * w + c] = v == null ? Float.NaN : v;
            }
        }
        try (XGBoostScorer scorer = new XGBoostScorer(bundle)) {
            float[] margins = scorer.marginBatch(rows, reference.features.size());
            for (int r = 0; r < margins.length; r++) {
                assertThat(Float.floatToIntBits(margins[r])).as("row %d", r)
                        .isEqualTo(Float.floatToIntBits(reference.margins.get(r)));
            }
        }
    }

    @Test
    void withTheDefaultsTheSampleGivesTheFiguresTheReadmeQuotes() throws Exception {
        Path out = tmp.resolve("defaults");
        Trainer.Result result = Trainer.run(Trainer.options().parse(new String[] {
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--output", out.toString(),
            "--threads", "1", "--model-version", "readme"}));

        BundleMetadata meta = result.bundle.metadata();
        assertThat(meta.featureSchemaVersion).isEqualTo(FeatureSchema.VERSION);
        assertThat(meta.featureNames).isEqualTo(FeatureSchema.names());
        assertThat(meta.numBoostedRounds).isEqualTo(113);
        assertThat(meta.bestIteration).isEqualTo(82);
        assertThat(meta.training).containsEntry("events_duplicate", 5L).containsEntry("sessions_test", 1013)
                .containsEntry("examples_train", 9_844).containsEntry("examples_validation", 1_003);
        assertThat(meta.metrics.get("test_sessions").get("roc_auc")).isCloseTo(0.690, within(0.0005));
        assertThat(meta.metrics.get("baseline_has_cart_test_sessions").get("roc_auc")).isCloseTo(0.662, within(0.0005));
        assertThat(meta.metrics.get("test_sessions").get("pr_auc")).isCloseTo(0.176, within(0.0005));
        assertThat(meta.metrics.get("baseline_has_cart_test_sessions").get("pr_auc")).isCloseTo(0.145, within(0.0005));
        assertThat(meta.metrics.get("test_events").get("roc_auc")).isCloseTo(0.659, within(0.0005));
        assertThat(meta.metrics.get("baseline_has_cart_test_events").get("roc_auc")).isCloseTo(0.608, within(0.0005));
    }

    /**
     * The session features are computed as before user history existed: trained on them alone, the sample gives the
     * booster of the bundled sample model (trained then) byte for byte, and its figures.
     */
    @Test
    void onTheSessionFeaturesAloneTheSampleGivesTheBundledSampleModelByteForByte() throws Exception {
        Path out = tmp.resolve("session-only");
        Trainer.Result result = Trainer.run(Trainer.options().parse(new String[] {
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--output", out.toString(),
            "--threads", "1", "--model-version", "readme", "--feature-schema", FeatureSchema.SESSION_VERSION}));

        BundleMetadata meta = result.bundle.metadata();
        assertThat(meta.featureSchemaVersion).isEqualTo(FeatureSchema.SESSION_VERSION);
        assertThat(meta.featureNames).hasSize(FeatureSchema.SESSION_SIZE);
        assertThat(result.bundle.boosterJson()).isEqualTo(ModelBundle.read(SampleData.sampleBundle()).boosterJson());
        assertThat(meta.numBoostedRounds).isEqualTo(126);
        assertThat(meta.bestIteration).isEqualTo(95);
        assertThat(meta.metrics.get("test_sessions").get("roc_auc")).isCloseTo(0.700, within(0.0005));
        assertThat(meta.metrics.get("test_sessions").get("pr_auc")).isCloseTo(0.207, within(0.0005));
        assertThat(meta.metrics.get("test_events").get("roc_auc")).isCloseTo(0.665, within(0.0005));
    }

    @Test
    void trainAndValidationAreSampledByWholeSessionsBeyondTheirLimits() throws Exception {
        Path out = tmp.resolve("sampled");
        // The sample has 9,844 train and 1,003 validation examples; both limits cut them to about a third.
        Trainer.run(Trainer.options().parse(new String[] {
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--output", out.toString(),
            "--rounds", "5", "--threads", "1", "--max-train-examples", "3000", "--max-validation-examples", "300"}));

        BundleMetadata meta = ModelBundle.read(out).metadata();
        assertThat(meta.training).containsEntry("examples_train_sampled_from", 9_844);
        assertThat(((Number) meta.training.get("examples_train")).intValue()).isBetween(1_500, 4_500);
        assertThat(((Number) meta.training.get("examples_validation")).intValue()).isBetween(100, 500);
        // Test examples are never sampled.
        assertThat(meta.training).containsEntry("examples_test", 2_378);
    }

    @Test
    void badHyperParametersFailBeforeAnyNativeCall() {
        assertThatThrownBy(() -> Trainer.run(Trainer.options().parse(new String[] {
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--output", tmp.toString(),
            "--eta", "0"}))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eta must be in (0, 1]");
    }
}
