package io.intentstream.generator;

import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.cli.Options;
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

    private static Options.Values parse(String... args) {
        return GeneratorCli.options().parse(args);
    }

    @Test
    void helpListsEveryOptionWithADescriptionAndEveryValueOptionWithItsDefault() {
        String help = GeneratorCli.options().help();
        List<String> names = optionNames(help);
        assertThat(names).contains("seed", "users", "days", "zone", "format", "output-dir", "roll-size", "truth",
                "duplicate-rate", "out-of-order-rate", "late-rate", "bot-rate", "malformed-rate", "drift-at");
        String[] lines = help.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("  --")) {
                String description = lines[i + 1];
                assertThat(description).startsWith("      ").hasSizeGreaterThan(20);
                boolean optionalWithoutDefault = lines[i].matches("  --(config|output-dir|truth|duration|drift-at) .*");
                if (!optionalWithoutDefault) {
                    assertThat(description).as(lines[i]).contains("(default: ").doesNotContain("(default: (none))");
                }
            }
        }
        assertThat(help).contains("(default: 42)");
        assertThat(optionNames(CalibrationCli.options().help())).contains("rees46", "warmup", "users", "seed")
                .doesNotContain("format");
    }

    @Test
    void docsDescribeEveryOption() throws IOException {
        Path doc = Paths.get("..", "docs", "generator.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (String name : optionNames(GeneratorCli.options().help())) {
            assertThat(text).as("docs/generator.md mentions --%s", name).contains("--" + name);
        }
        for (String name : optionNames(CalibrationCli.options().help())) {
            assertThat(text).as("docs/generator.md mentions --%s", name).contains("--" + name);
        }
    }

    @Test
    void parsesDurationsSizesAndInstants() {
        // The forms docs/generator.md documents; core's OptionTest covers the parsers themselves.
        assertThat(parse("--duration", "2h50m").get(DURATION)).isEqualTo(Duration.ofMinutes(170));
        assertThat(GeneratorConfig.from(parse("--days", "1.5")).population().duration()).isEqualTo(Duration.ofHours(36));
        assertThat(parse("--disorder-bound", "500ms").get(DISORDER_BOUND)).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("--late-max-delay", "PT2H").get(LATE_MAX_DELAY)).isEqualTo(Duration.ofHours(2));
        assertThat(parse("--roll-size", "256MB").get(GeneratorCli.ROLL_SIZE)).isEqualTo(256L << 20);
        assertThat(parse("--roll-size", "1000").get(GeneratorCli.ROLL_SIZE)).isEqualTo(1000);
        assertThat(parse("--start", "2019-10-01").get(START)).isEqualTo(Runs.START);
        assertThatThrownBy(() -> parse("--duration", "2 hours")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("--roll-size", "lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationOverridesDaysAsTheHelpSays() {
        Population p = GeneratorConfig.from(parse("--duration", "3h", "--days", "2")).population();
        assertThat(p.duration()).isEqualTo(Duration.ofHours(3));
        assertThat(GeneratorConfig.defaults().population().duration()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void rejectsUnknownOptionsAndInvalidValues() {
        assertThatThrownBy(() -> GeneratorCli.run(new String[] {"--sedd", "1"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sedd");
        assertThatThrownBy(() -> GeneratorCli.run(new String[] {"--duplicate-rate", "1.5", "--output", "/dev/null"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate-rate");
        assertThatThrownBy(() -> GeneratorCli.run(new String[] {"--malformed-kinds", "typo"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typo");
        assertThatThrownBy(() -> GeneratorCli.run(new String[] {"--output", "a.jsonl", "--output-dir", "b"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void writesRolledFilesAndTheTruthFromTheCommandLine(@TempDir Path dir) throws IOException {
        int status = GeneratorCli.run(new String[] {
            "--users", "60000", "--duration", "3h", "--start", "2019-10-01T12:00:00Z",
            "--output-dir", dir.resolve("out").toString(), "--roll-events", "2000",
            "--truth", dir.resolve("truth.jsonl").toString(), "--malformed-rate", "0.01", "--quiet"}, System.out);
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
