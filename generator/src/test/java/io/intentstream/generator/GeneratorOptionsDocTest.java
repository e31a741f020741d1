package io.intentstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the options generate and calibrate accept, with their current
 * defaults. When it fails, the current tables are in generator/target/generated-docs/ to paste into the doc.
 */
class GeneratorOptionsDocTest {

    @Test
    void documentedOptionTablesMatchTheCode() throws Exception {
        String generateTable = GeneratorCli.options().markdownTable();
        String calibrateTable = CalibrationCli.options().markdownTable();
        Path generated = Path.of("target/generated-docs");
        Files.createDirectories(generated);
        Files.writeString(generated.resolve("generate-options.md"), generateTable);
        Files.writeString(generated.resolve("calibrate-options.md"), calibrateTable);

        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        assertThat(doc).as("generate options table (current one: target/generated-docs/generate-options.md)")
                .contains(generateTable);
        assertThat(doc).as("calibrate options table (current one: target/generated-docs/calibrate-options.md)")
                .contains(calibrateTable);
    }
}
