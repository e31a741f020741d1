package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.model.TrainedModels.Trained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's calibration applied by both scorers: the same floats from each, checked at load time against the
 * propensities the trainer stored, and refused when bundle.json's calibration is not the one fitted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalibratedScoringTest {
    private Trained model;
    private float[][] rows;

    @BeforeAll
    void train() {
        model = TrainedModels.train(TrainedModels.params(5, 0.1), 3000, 80, 5);
        rows = TrainedModels.concat(TrainedModels.rows(3000, TrainedModels.FEATURES, 77, 0.2),
                TrainedModels.extremeRows(300, TrainedModels.FEATURES, 78));
    }

    @AfterAll
    void release() {
        model.booster().dispose();
    }

    /** The bundle as the trainer writes it: calibration first, then the reference batch scored through it. */
    private ModelBundle calibrated(Calibration calibration) {
        ModelBundle bundle = model.bundle();
        bundle.metadata().calibration = calibration.toJson();
        bundle.metadata().referenceBatch = ReferenceBatches.build(bundle, Arrays.asList(rows).subList(0, 256), 256);
        return bundle;
    }

    private static Calibration isotonic() {
        return Calibration.isotonic(new float[] {-3f, -1.25f, 0f, 0.5f, 2.5f}, new double[] {0.002, 0.05, 0.3, 0.31, 0.9});
    }

    @Test
    void bothScorersGiveTheSameCalibratedPropensitiesBitForBit() {
        for (Calibration calibration : List.of(isotonic(), Calibration.platt(0.8, -0.4))) {
            ModelBundle bundle = calibrated(calibration);
            try (ScorerSelector.Selection java = ScorerSelector.select(bundle, ScorerSelector.Preference.AUTO);
                    XGBoostScorer xgboost = new XGBoostScorer(bundle)) {
                assertThat(java.scorer().name()).isEqualTo("java");
                float[] batch = xgboost.predictBatch(TrainedModels.flatten(rows), rows.length);
                for (int r = 0; r < rows.length; r++) {
                    float p = java.scorer().predict(rows[r]);
                    assertThat(Float.floatToIntBits(p)).as("%s row %d", calibration, r)
                            .isEqualTo(Float.floatToIntBits(xgboost.predict(rows[r])))
                            .isEqualTo(Float.floatToIntBits(batch[r]));
                    assertThat(p).isEqualTo(calibration.apply(((JavaTreeScorer) java.scorer()).margin(rows[r])));
                }
            }
        }
    }

    @Test
    void loadTimeParityCheckCoversTheCalibration() {
        ModelBundle bundle = calibrated(isotonic());
        assertThat(bundle.metadata().referenceBatch.propensities).hasSize(512);

        for (ScorerSelector.Preference preference : ScorerSelector.Preference.values()) {
            try (ScorerSelector.Selection selection = ScorerSelector.select(bundle, preference)) {
                assertThat(selection.reason()).contains("calibrated propensities").contains("equal the bundle's 512");
            }
        }
    }

    @Test
    void aCalibrationThatIsNotTheOneFittedIsRefusedByEitherScorer() {
        ModelBundle bundle = calibrated(isotonic());
        // Edited after the trainer stored its propensities: one knot moves by a millionth.
        bundle.metadata().calibration.propensities.set(2, 0.300001);

        for (ScorerSelector.Preference preference : ScorerSelector.Preference.values()) {
            assertThatThrownBy(() -> ScorerSelector.select(bundle, preference))
                    .as(preference.configValue())
                    .isInstanceOf(BundleException.class)
                    .hasMessageContaining("reference propensities differently")
                    .hasMessageContaining("not the one the trainer fitted");
        }
    }

    @Test
    void anUncalibratedBundleScoresAsBeforeAndStoresNoPropensities() {
        ModelBundle bundle = model.bundle();
        bundle.metadata().referenceBatch = ReferenceBatches.build(bundle, Arrays.asList(rows).subList(0, 64), 64);
        assertThat(bundle.metadata().referenceBatch.propensities).isNull();

        try (ScorerSelector.Selection selection = ScorerSelector.select(bundle, ScorerSelector.Preference.AUTO)) {
            JavaTreeScorer java = (JavaTreeScorer) selection.scorer();
            assertThat(java.calibration()).isNull();
            assertThat(selection.reason()).doesNotContain("calibrat");
            for (float[] row : rows) {
                assertThat(java.predict(row)).isEqualTo(JavaTreeScorer.sigmoid(java.margin(row)));
            }
        }
    }

    @Test
    void calibratedBundlesAreFormatVersionTwoAndOlderOnesStillRead(@TempDir Path dir) throws Exception {
        ModelBundle bundle = calibrated(isotonic());
        // Whatever the metadata said, the written version follows from the content.
        bundle.metadata().formatVersion = BundleMetadata.UNCALIBRATED_FORMAT_VERSION;
        bundle.write(dir.resolve("v2"));
        assertThat(Files.readString(dir.resolve("v2/bundle.json"))).contains("\"format_version\" : 2");
        ModelBundle read = ModelBundle.read(dir.resolve("v2"));
        try (ScorerSelector.Selection selection = ScorerSelector.select(read, ScorerSelector.Preference.AUTO)) {
            assertThat(selection.scorer().predict(rows[0])).isEqualTo(isotonic().apply(
                    ((JavaTreeScorer) selection.scorer()).margin(rows[0])));
        }

        ModelBundle plain = model.bundle();
        plain.metadata().formatVersion = BundleMetadata.CURRENT_FORMAT_VERSION;
        plain.write(dir.resolve("plain"));
        assertThat(ModelBundle.read(dir.resolve("plain")).metadata().calibration).isNull();
        assertThat(Files.readString(dir.resolve("plain/bundle.json"))).doesNotContain("calibration")
                .contains("\"format_version\" : 1");

        // A version-1 bundle.json that carries a calibration (edited by hand) is refused, not half-applied.
        Path v1 = dir.resolve("v2/bundle.json");
        Files.writeString(v1, Files.readString(v1).replace("\"format_version\" : 2", "\"format_version\" : 1"));
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("v2")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("has a calibration but format_version 1");
    }

    @Test
    void aMalformedCalibrationIsAnIncompatibleBundle() {
        ModelBundle bundle = model.bundle();
        bundle.metadata().calibration = isotonic().toJson();
        bundle.metadata().calibration.margins.set(1, -5f);

        assertThatThrownBy(() -> BundleCompatibility.check(bundle.metadata(), "test"))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("calibration is invalid");
    }
}
