package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.trainer.Trainer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists exactly the options the commands accept, with their current defaults. */
class ConfigurationDocTest {

    @Test
    void documentedOptionTablesMatchTheCode() throws Exception {
        String doc = Files.readString(JobTestSupport.REPO.resolve("docs/configuration.md"));
        assertThat(doc).as("job options table; regenerate it from JobOptions.options().markdownTable()")
                .contains(JobOptions.options().markdownTable());
        assertThat(doc).as("trainer options table; regenerate it from Trainer.options().markdownTable()")
                .contains(Trainer.options().markdownTable());
    }
}
