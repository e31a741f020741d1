package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.EventFormat;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleCompatibility;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.Calibration;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ReferenceBatches;
import io.intentstream.model.ScorerSelector;
import io.intentstream.model.XGBoostScorer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write step leaves a bundle that loads, carries the metrics, and whose reference batch proves the Java scorer. */
class WriteStepTest {
    @TempDir
    Path tmp;

    @Test
    void theWrittenBundleLoadsAndItsReferenceBatchValidates() throws Exception {
        try (ExampleSet examples = SyntheticExamples.separable(200, 0, 0)) {
            TrainStep.Trained trained = SyntheticExamples.train(examples);
            BundleMetadata description = DescribeStep.run(new DescribeStep.Input("h", EventFormat.JSON, FeatureConfig.defaults(),
                    0.8, SyntheticExamples.hyperParameters(10, 5), "write-test", Instant.EPOCH),
                    new ReplayStep.Replayed(ApplyOrder.EVENT_TIME, 400, 0, Map.of(), 0, 0L, 1L, 0), trained);
            Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
            metrics.put("test_sessions", Map.of("roc_auc", 0.75));

            Path out = tmp.resolve("bundle");
            WriteStep.run(new ModelBundle(description, trained.boosterJson()), metrics, examples, out);

            ModelBundle bundle = ModelBundle.read(out);
            BundleMetadata meta = bundle.metadata();
            BundleCompatibility.check(meta, out.toString());
            assertThat(bundle.boosterJson()).isEqualTo(trained.boosterJson());
            assertThat(meta.boosterSha256).isEqualTo(ModelBundle.sha256(trained.boosterJson()));
            assertThat(meta.modelVersion).isEqualTo("write-test");
            assertThat(meta.metrics).isEqualTo(metrics);

            // All 400 example rows (fewer than the 512 it takes at most), then the probe rows.
            BundleMetadata.ReferenceBatch reference = meta.referenceBatch;
            assertThat(reference.features).hasSize(400 + ReferenceRows.PROBE_ROWS);
            float[][] rows = ReferenceBatches.rows(reference, FeatureSchema.SIZE);
            float[] flat = new float[rows.length * FeatureSchema.SIZE];
            for (int r = 0; r < rows.length; r++) {
                if (r < 400) {
                    float[] example = new float[FeatureSchema.SIZE];
                    examples.copyRow(r, example, 0);
                    assertThat(rows[r]).as("row %d is example row %d", r, r).containsExactly(example);
                }
                System.arraycopy(rows[r], 0, flat, r * FeatureSchema.SIZE, FeatureSchema.SIZE);
            }
            try (XGBoostScorer scorer = new XGBoostScorer(bundle)) {
                assertThat(ReferenceBatches.margins(reference)).as("margins XGBoost computes from the written booster")
                        .containsExactly(scorer.marginBatch(flat, rows.length));
            }
            try (ScorerSelector.Selection selection = ScorerSelector.select(bundle, ScorerSelector.Preference.AUTO)) {
                assertThat(selection.reason()).startsWith("java: its margins equal XGBoost4J's bit for bit on the bundle's "
                        + rows.length + " reference rows");
            }
        }
    }

    @Test
    void aKeptCalibrationMakesAVersionTwoBundleWhoseReferenceBatchHoldsTheCalibratedPropensities() throws Exception {
        try (ExampleSet examples = SyntheticExamples.separable(200, 0, 0)) {
            TrainStep.Trained trained = SyntheticExamples.train(examples);
            BundleMetadata description = DescribeStep.run(new DescribeStep.Input("h", EventFormat.JSON, FeatureConfig.defaults(),
                    0.8, SyntheticExamples.hyperParameters(10, 5), "calibrated", Instant.EPOCH),
                    new ReplayStep.Replayed(ApplyOrder.EVENT_TIME, 400, 0, Map.of(), 0, 0L, 1L, 0), trained);
            Calibration calibration = Calibration.platt(0.7, -0.2);
            description.calibration = calibration.toJson();

            Path out = tmp.resolve("calibrated");
            WriteStep.run(new ModelBundle(description, trained.boosterJson()), new LinkedHashMap<>(), examples, out);

            ModelBundle bundle = ModelBundle.read(out);
            assertThat(bundle.metadata().formatVersion).isEqualTo(BundleMetadata.CURRENT_FORMAT_VERSION);
            float[][] rows = ReferenceBatches.rows(bundle.metadata().referenceBatch, FeatureSchema.SIZE);
            float[] propensities = ReferenceBatches.propensities(bundle.metadata().referenceBatch);
            float[] margins = ReferenceBatches.margins(bundle.metadata().referenceBatch);
            assertThat(propensities).hasSize(rows.length);
            for (int r = 0; r < rows.length; r++) {
                assertThat(propensities[r]).isEqualTo(calibration.apply(margins[r]));
            }
            try (ScorerSelector.Selection selection = ScorerSelector.select(bundle, ScorerSelector.Preference.AUTO)) {
                assertThat(selection.reason()).contains("calibrated propensities");
            }
        }
    }

    @Test
    void withoutACalibrationTheBundleStaysVersionOne() throws Exception {
        try (ExampleSet examples = SyntheticExamples.separable(200, 0, 0)) {
            TrainStep.Trained trained = SyntheticExamples.train(examples);
            BundleMetadata description = DescribeStep.run(new DescribeStep.Input("h", EventFormat.JSON, FeatureConfig.defaults(),
                    0.8, SyntheticExamples.hyperParameters(10, 5), "plain", Instant.EPOCH),
                    new ReplayStep.Replayed(ApplyOrder.EVENT_TIME, 400, 0, Map.of(), 0, 0L, 1L, 0), trained);
            Path out = tmp.resolve("plain");
            WriteStep.run(new ModelBundle(description, trained.boosterJson()), new LinkedHashMap<>(), examples, out);

            BundleMetadata meta = ModelBundle.read(out).metadata();
            assertThat(meta.formatVersion).isEqualTo(BundleMetadata.UNCALIBRATED_FORMAT_VERSION);
            assertThat(meta.referenceBatch.propensities).isNull();
        }
    }
}
