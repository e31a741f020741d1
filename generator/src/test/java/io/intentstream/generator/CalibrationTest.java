package io.intentstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import io.intentstream.testing.SampleData;
import org.junit.jupiter.api.Test;

/** The defaults stay calibrated: every checked statistic within 25% of the REES46 extract. */
class CalibrationTest {
    @Test
    void defaultsMatchRees46WithinTolerance() throws IOException {
        Path real = SampleData.rees46();
        CalibrationCli.Comparison c = CalibrationCli.compare(real,
                GeneratorOptions.defaults().with(GeneratorOptions.USERS, CalibrationCli.CALIBRATION_USERS.defaultValue()),
                CalibrationCli.WARMUP.defaultValue());
        assertThat(c.failures()).isEmpty();
        assertThat(c.real.get("events")).isEqualTo(17_434.0);
        // Comparable volume, as the comparison is meant to be.
        assertThat(c.generated.get("events") / c.real.get("events")).isBetween(0.8, 1.25);
    }
}
