package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.Calibration;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repeat-purchase model is calibrated as the session model is: on its validation purchases, out of fold by user,
 * and kept only when that lowers the ECE; the bundle then scores through its calibration in every scorer.
 */
class RepeatPurchaseCalibrationTest {
    @TempDir
    Path tmp;

    @Test
    void aCalibrationThatHelpsOnValidationIsKeptAndAppliedByTheScorers() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.SEED, 5L)
                .with(GeneratorOptions.USERS, 3_000).with(GeneratorOptions.START, Instant.parse("2019-10-01T00:00:00Z"))
                .with(GeneratorOptions.DURATION, Duration.ofDays(20)))).writeTo(OutputTarget.file(events, false), null);
        Path out = tmp.resolve("model");
        UserTargetTrainer.Result r = UserTargetTrainer.run(Trainer.options().parse(new String[] {
            "--input", events.toString(), "--target", "repeat-purchase", "--horizon", "2d", "--output", out.toString(),
            "--rounds", "60", "--threads", "1", "--validation-fraction", "0.3", "--model-version", "rp-calibrated"}));

        @SuppressWarnings("unchecked")
        Map<String, Object> fit = (Map<String, Object>) r.bundle().metadata().training.get("calibration");
        System.out.println("repeat-purchase calibration: " + fit);
        assertThat(fit).containsKeys("validation_ece_uncalibrated", "validation_ece_platt_cross_validated", "kept");
        assertThat((Long) fit.get("positives")).isGreaterThanOrEqualTo(CalibrateStep.MIN_POSITIVES);
        assertThat(fit.get("kept")).isEqualTo(true);

        ModelBundle bundle = ModelBundle.read(out);
        BundleMetadata meta = bundle.metadata();
        assertThat(meta.calibration).isNotNull();
        assertThat(meta.formatVersion).isEqualTo(BundleMetadata.USER_TARGET_FORMAT_VERSION);
        // Loads as the job loads it: the Java evaluator reproduces XGBoost4J through the calibration.
        BundleValidation.validate(bundle, out.toString());
        float[] row = r.examples().row(0);
        Calibration calibration = Calibration.fromJson(meta.calibration);
        try (XGBoostScorer scorer = new XGBoostScorer(bundle)) {
            float margin = scorer.marginBatch(row, 1)[0];
            assertThat(scorer.predict(row)).isEqualTo(calibration.apply(margin));
        }
    }
}
