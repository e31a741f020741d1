package io.intentstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static List<String> optionNames(String help) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  --([a-z0-9-]+)").matcher(help);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void helpListsEveryOptionWithADescriptionAndEveryValueOptionWithItsDefault() {
        String help = GeneratorCli.helpText();
        List<String> names = optionNames(help);
        assertThat(names).contains("seed", "users", "days", "zone", "format", "output-dir", "roll-size", "truth",
                "duplicate-rate", "out-of-order-rate", "late-rate", "bot-rate", "malformed-rate", "drift-at");
        String[] lines = help.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("  --")) {
                String description = lines[i + 1];
                assertThat(description).startsWith("        ").hasSizeGreaterThan(20);
                boolean optionalWithoutDefault = lines[i].matches("  --(output-dir|truth|duration|drift-at) .*");
                if (!optionalWithoutDefault) {
                    assertThat(description).as(lines[i]).contains("[default: ");
                }
            }
        }
        assertThat(help).contains("[default: " + GeneratorConfig.DEFAULT_SEED + "]");
        assertThat(optionNames(CalibrationCli.helpText())).contains("rees46", "warmup", "users", "seed").doesNotContain("format");
    }

    @Test
    void docsDescribeEveryOption() throws IOException {
        Path doc = Paths.get("..", "docs", "generator.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (String name : optionNames(GeneratorCli.helpText())) {
            assertThat(text).as("docs/generator.md mentions --%s", name).contains("--" + name);
        }
        for (String name : optionNames(CalibrationCli.helpText())) {
            assertThat(text).as("docs/generator.md mentions --%s", name).contains("--" + name);
        }
    }

    @Test
    void parsesDurationsSizesAndInstants() {
        assertThat(CliOptions.parseDuration("2h50m")).isEqualTo(Duration.ofMinutes(170));
        assertThat(CliOptions.parseDuration("1.5d")).isEqualTo(Duration.ofHours(36));
        assertThat(CliOptions.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliOptions.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(CliOptions.parseSize("256MB")).isEqualTo(256L << 20);
        assertThat(CliOptions.parseSize("1000")).isEqualTo(1000);
        assertThat(CliOptions.parseInstant("2019-10-01")).isEqualTo(Runs.START);
        assertThatThrownBy(() -> CliOptions.parseDuration("2 hours")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CliOptions.parseSize("lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnknownOptionsAndInvalidValues() {
        assertThatThrownBy(() -> new GeneratorCli().run(new String[] {"--sedd", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sedd");
        assertThatThrownBy(() -> new GeneratorCli().run(new String[] {"--duplicate-rate", "1.5", "--output", "/dev/null"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate-rate");
        assertThatThrownBy(() -> new GeneratorCli().run(new String[] {"--malformed-kinds", "typo"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typo");
        assertThatThrownBy(() -> new GeneratorCli().run(new String[] {"--output", "a.jsonl", "--output-dir", "b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void writesRolledFilesAndTheTruthFromTheCommandLine(@TempDir Path dir) throws IOException {
        int status = new GeneratorCli().run(new String[] {
            "--users", "60000", "--duration", "3h", "--start", "2019-10-01T12:00:00Z",
            "--output-dir", dir.resolve("out").toString(), "--roll-events", "2000",
            "--truth", dir.resolve("truth.jsonl").toString(), "--malformed-rate", "0.01", "--quiet"});
        assertThat(status).isZero();
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.count()).isGreaterThan(2);
        }
        GroundTruth truth = GroundTruth.read(dir.resolve("truth.jsonl"));
        assertThat(truth.options()).containsEntry("users", "60000").containsEntry("malformed-rate", "0.01");
        assertThat(truth.sessions()).isNotEmpty();
        assertThat(truth.lines()).allMatch(l -> l.file.startsWith("events-") && l.line <= 2000);
        assertThat(truth.summary().get("lines")).isGreaterThan(2000L);
    }
}
