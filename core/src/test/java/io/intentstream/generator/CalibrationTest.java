package io.intentstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults stay calibrated: every checked statistic within 25% of the REES46 extract. */
class CalibrationTest {
    /** Tests run in the module directory; the extract lives in samples/ or the shared data folder. */
    private static Path extract() {
        for (Path p : List.of(
                Paths.get("..", "samples", CalibrationCli.DATA_FILE),
                Paths.get("..", "..", "shared", "data", CalibrationCli.DATA_FILE))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void defaultsMatchRees46WithinTolerance() throws IOException {
        Path real = extract();
        assumeTrue(real != null, "REES46 extract not available");
        CalibrationCli.Comparison c = CalibrationCli.compare(real,
                GeneratorConfig.builder().users(CalibrationCli.DEFAULT_CALIBRATION_USERS), CalibrationCli.DEFAULT_WARMUP);
        assertThat(c.failures()).isEmpty();
        assertThat(c.real.get("events")).isEqualTo(17_434.0);
        // Comparable volume, as the comparison is meant to be.
        assertThat(c.generated.get("events") / c.real.get("events")).isBetween(0.8, 1.25);
    }
}
