package io.intentstream.job.kinesis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.testing.external.Kinesalite;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without its npm install, the local Kinesis fails the test with the command to run; it never skips. */
class KinesaliteTest {
    @TempDir
    Path notInstalled;

    @Test
    void aMissingInstallFailsWithTheInstallCommand() {
        assertThatThrownBy(() -> Kinesalite.start(notInstalled))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kinesalite is not installed")
                .hasMessageContaining(Kinesalite.INSTALL_COMMAND);
    }
}
