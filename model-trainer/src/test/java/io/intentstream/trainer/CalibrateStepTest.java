package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.model.Calibration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The calibrate step fits on validation rows only, judges candidates out of fold and keeps one only if it helps. */
class CalibrateStepTest {
    /** The "model" puts its margin in feature SIGNAL; the scorer just reads it back. */
    private static final CalibrateStep.Margins READ_SIGNAL = (data, rows) -> {
        float[] out = new float[rows];
        int w = data.length / Math.max(1, rows);
        for (int r = 0; r < rows; r++) {
            out[r] = data[r * w + SyntheticExamples.SIGNAL];
        }
        return out;
    };

    /**
     * 2,000 sessions of one row; the margin is drawn and the label follows {@code p = sigmoid(slope * margin - 1)},
     * so slope 1 with intercept 0 would be a calibrated model and anything else is not.
     */
    private static ExampleSet sessions(double slope, double intercept, long seed) {
        Random random = new Random(seed);
        float[] margins = new float[2_000];
        boolean[] labels = new boolean[2_000];
        for (int s = 0; s < margins.length; s++) {
            margins[s] = (float) (random.nextGaussian() * 2 - 2);
            labels[s] = random.nextDouble() < 1 / (1 + Math.exp(-(slope * margins[s] + intercept)));
        }
        return SyntheticExamples.build(margins.length, 1, s -> labels[s],
                (s, r, f) -> f[SyntheticExamples.SIGNAL] = margins[s]);
    }

    @Test
    void aMiscalibratedModelGetsACalibrationThatLowersTheCrossValidatedEce() {
        try (ExampleSet examples = sessions(0.4, -1.5, 1)) {
            TemporalSplit split = TemporalSplit.of(examples, 0.8, 0.5);
            CalibrateStep.Calibrated c = CalibrateStep.run(examples, split, READ_SIGNAL);

            assertThat(c.kept()).isTrue();
            assertThat(c.shipped()).isSameAs(c.candidate());
            assertThat(c.fit()).containsEntry("fitted_on", "validation").containsEntry("kept", true)
                    .containsEntry("examples", split.countSessions(TemporalSplit.Side.VALIDATION));
            double before = (double) c.fit().get("validation_ece_uncalibrated");
            double isotonic = (double) c.fit().get("validation_ece_isotonic_cross_validated");
            double platt = (double) c.fit().get("validation_ece_platt_cross_validated");
            assertThat(Math.min(isotonic, platt)).isLessThan(before / 2);
            assertThat(c.candidate().method()).isEqualTo(isotonic <= platt ? Calibration.Method.ISOTONIC
                    : Calibration.Method.PLATT);
        }
    }

    @Test
    void aCalibratedModelKeepsItsOwnSigmoidUnlessACandidateDoesBetterOutOfFold() {
        try (ExampleSet examples = sessions(1.0, 0.0, 2)) {
            CalibrateStep.Calibrated c = CalibrateStep.run(examples, TemporalSplit.of(examples, 0.8, 0.5), READ_SIGNAL);

            double before = (double) c.fit().get("validation_ece_uncalibrated");
            double best = Math.min((double) c.fit().get("validation_ece_isotonic_cross_validated"),
                    (double) c.fit().get("validation_ece_platt_cross_validated"));
            assertThat(c.kept()).isEqualTo(best < before);
            assertThat(c.shipped()).isEqualTo(c.kept() ? c.candidate() : null);
        }
    }

    @Test
    void tooFewPurchasesOnTheValidationSideMeanNoCalibration() {
        try (ExampleSet examples = SyntheticExamples.build(200, 1, s -> s == 190,
                (s, r, f) -> f[SyntheticExamples.SIGNAL] = s % 7)) {
            CalibrateStep.Calibrated c = CalibrateStep.run(examples, TemporalSplit.of(examples, 0.5, 0.5), READ_SIGNAL);

            assertThat(c.candidate()).isNull();
            assertThat(c.kept()).isFalse();
            assertThat((String) c.fit().get("reason")).contains("needs at least 10");
        }
    }
}
