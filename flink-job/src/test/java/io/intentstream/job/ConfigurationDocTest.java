package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.trainer.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the options the commands accept, with their current defaults.
 * When it fails, the current tables are in flink-job/target/generated-docs/ to paste into the doc.
 */
class ConfigurationDocTest {

    @Test
    void documentedOptionTablesMatchTheCode() throws Exception {
        String jobTable = JobOptions.options().markdownTable();
        String trainerTable = Trainer.options().markdownTable();
        Path generated = Path.of("target/generated-docs");
        Files.createDirectories(generated);
        Files.writeString(generated.resolve("job-options.md"), jobTable);
        Files.writeString(generated.resolve("trainer-options.md"), trainerTable);

        String doc = Files.readString(JobTestSupport.REPO.resolve("docs/configuration.md"));
        assertThat(doc).as("job options table (current one: target/generated-docs/job-options.md)").contains(jobTable);
        assertThat(doc).as("trainer options table (current one: target/generated-docs/trainer-options.md)").contains(trainerTable);
    }
}
