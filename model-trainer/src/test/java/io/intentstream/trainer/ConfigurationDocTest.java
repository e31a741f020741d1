package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.abreport.AbReportCli;
import io.intentstream.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the options the trainer and ab-report accept, with their current defaults.
 * When it fails, the current table is in model-trainer/target/generated-docs/ to paste into the doc.
 */
class ConfigurationDocTest {

    @Test
    void documentedTrainerOptionTableMatchesTheCode() throws Exception {
        String trainerTable = Trainer.options().markdownTable();
        Path generated = Path.of("target/generated-docs");
        Files.createDirectories(generated);
        Files.writeString(generated.resolve("trainer-options.md"), trainerTable);

        String doc = Files.readString(SampleData.REPO.resolve("docs/configuration.md"));
        assertThat(doc).as("trainer options table (current one: target/generated-docs/trainer-options.md)")
                .contains(trainerTable);
    }

    @Test
    void documentedAbReportOptionTableMatchesTheCode() throws Exception {
        String table = AbReportCli.options().markdownTable();
        Path generated = Path.of("target/generated-docs");
        Files.createDirectories(generated);
        Files.writeString(generated.resolve("ab-report-options.md"), table);

        String doc = Files.readString(SampleData.REPO.resolve("docs/configuration.md"));
        assertThat(doc).as("ab-report options table (current one: target/generated-docs/ab-report-options.md)")
                .contains(table);
    }
}
