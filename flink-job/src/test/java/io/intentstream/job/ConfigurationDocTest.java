package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the options the job and the backfill accept, with their current defaults (the
 * trainer's table is checked by the trainer's own test). When it fails, the current table is in
 * flink-job/target/generated-docs/ to paste into the doc.
 */
class ConfigurationDocTest {

    @Test
    void documentedJobOptionTableMatchesTheCode() throws Exception {
        String jobTable = JobOptions.options().markdownTable();
        Path generated = Path.of("target/generated-docs");
        Files.createDirectories(generated);
        Files.writeString(generated.resolve("job-options.md"), jobTable);

        String doc = Files.readString(JobTestSupport.REPO.resolve("docs/configuration.md"));
        assertThat(doc).as("job options table (current one: target/generated-docs/job-options.md)").contains(jobTable);
    }

    @Test
    void documentedBackfillOptionTableMatchesTheCode() throws Exception {
        String table = BackfillJob.options().markdownTable();
        Path generated = Path.of("target/generated-docs");
        Files.createDirectories(generated);
        Files.writeString(generated.resolve("backfill-options.md"), table);

        String doc = Files.readString(JobTestSupport.REPO.resolve("docs/configuration.md"));
        assertThat(doc).as("backfill options table (current one: target/generated-docs/backfill-options.md)").contains(table);
    }
}
