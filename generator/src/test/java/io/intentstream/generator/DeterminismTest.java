package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.from;
import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    private static byte[][] generate(GeneratorConfig config) throws IOException {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        StringWriter truth = new StringWriter();
        new ClickstreamGenerator(config).writeTo(events, truth);
        return new byte[][] {events.toByteArray(), truth.toString().getBytes(StandardCharsets.UTF_8)};
    }

    @Test
    void sameSeedAndOptionsGiveIdenticalBytes() throws IOException {
        GeneratorConfig config = from(Runs.allFaults()
                .with(SEED, 7L)
                .with(DRIFT_AT, Instant.parse("2019-10-01T13:00:00Z")));
        byte[][] first = generate(config);
        byte[][] second = generate(config);
        assertThat(first[0].length).isGreaterThan(1_000_000);
        assertThat(second[0]).isEqualTo(first[0]);
        assertThat(second[1]).isEqualTo(first[1]);
    }

    @Test
    void csvLayoutIsDeterministicToo() throws IOException {
        GeneratorConfig config = from(Runs.allFaults().with(SEED, 7L).with(FORMAT, OutputFormat.REES46));
        assertThat(generate(config)[0]).isEqualTo(generate(config)[0]);
    }

    @Test
    void differentSeedsGiveDifferentData() throws IOException {
        byte[] a = generate(from(Runs.allFaults().with(SEED, 1L)))[0];
        byte[] b = generate(from(Runs.allFaults().with(SEED, 2L)))[0];
        assertThat(b).isNotEqualTo(a);
        // Not merely shifted: the first lines already differ.
        String firstA = new String(a, 0, 400, StandardCharsets.US_ASCII);
        String firstB = new String(b, 0, 400, StandardCharsets.US_ASCII);
        assertThat(firstB).isNotEqualTo(firstA);
    }

    @Test
    void allOutputRoutesCarryTheSameLines(@TempDir Path dir) throws IOException {
        GeneratorConfig config = from(Runs.allFaults().with(SEED, 3L).with(DURATION, Duration.ofMinutes(30)));
        String stream = new String(generate(config)[0], StandardCharsets.US_ASCII);

        List<String> viaIterator = new ArrayList<>();
        new ClickstreamGenerator(config).lines().forEachRemaining(viaIterator::add);
        assertThat(String.join("\n", viaIterator) + "\n").isEqualTo(stream);

        Path out = dir.resolve("rolled");
        new ClickstreamGenerator(config).writeTo(OutputTarget.directory(out, 64 * 1024, 0, false), dir.resolve("truth.jsonl"));
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThan(3);
        StringBuilder joined = new StringBuilder();
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(64 * 1024);
            joined.append(Files.readString(f, StandardCharsets.US_ASCII));
        }
        assertThat(joined.toString()).isEqualTo(stream);
    }

    @Test
    void catalogStaysTheSameAcrossEventSeeds() throws IOException {
        // Training and test sets made with different seeds must describe the same shop.
        Catalog a = new Catalog(CATALOG_SEED.defaultValue(), PRODUCTS.defaultValue());
        Catalog b = new Catalog(CATALOG_SEED.defaultValue(), PRODUCTS.defaultValue());
        for (int c = 0; c < a.categoryCount(); c++) {
            assertThat(b.categoryId(c)).isEqualTo(a.categoryId(c));
            assertThat(b.priceCents(c, 1_000_123)).isEqualTo(a.priceCents(c, 1_000_123));
        }
    }
}
