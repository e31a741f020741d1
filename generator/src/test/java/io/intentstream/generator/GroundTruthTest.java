package io.intentstream.generator;

import static io.intentstream.generator.GeneratorConfig.from;
import static io.intentstream.generator.GeneratorOptions.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventType;
import io.intentstream.events.JsonEventParser;
import io.intentstream.events.ParseResult;
import io.intentstream.events.Rees46CsvParser;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {
    private static final JsonEventParser JSON = new JsonEventParser(ValidationRules.defaults());
    private static final Rees46CsvParser CSV = new Rees46CsvParser(ValidationRules.defaults());

    @Test
    void everyMalformedJsonLineIsNamedWithTheReasonTheParserGives() throws IOException {
        Runs.Result run = Runs.run(from(Runs.allFaults().with(SEED, 11L)));
        checkEveryLine(run, line -> JSON.parse(line, 0), 1);
    }

    @Test
    void everyMalformedCsvLineIsNamedWithTheReasonTheParserGives() throws IOException {
        Runs.Result run = Runs.run(from(Runs.allFaults().with(SEED, 12L).with(FORMAT, OutputFormat.REES46)));
        // Line 1 of a CSV file is the header, so the first record is line 2.
        checkEveryLine(run, line -> CSV.parse(line, 0), 2);
    }

    @Test
    void epochMillisTimeFormatKeepsTheReasons() throws IOException {
        Runs.Result run = Runs.run(from(Runs.allFaults().with(SEED, 13L).with(DURATION, Duration.ofMinutes(40))
                .with(TIME_FORMAT, TimeFormat.EPOCH_MS)));
        checkEveryLine(run, line -> JSON.parse(line, 0), 1);
    }

    private static void checkEveryLine(Runs.Result run, java.util.function.Function<String, ParseResult> parser, int firstLine) {
        Map<MalformedKind, Integer> kindsSeen = new EnumMap<>(MalformedKind.class);
        Set<RejectReason> reasonsSeen = new HashSet<>();
        int malformed = 0;
        for (int i = 0; i < run.lines.size(); i++) {
            String line = run.lines.get(i);
            ParseResult parsed = parser.apply(line);
            GroundTruth.LineTruth truth = run.truth.lineAt("-", i + firstLine);
            if (parsed.isValid()) {
                assertThat(truth == null || truth.kind != LineKind.MALFORMED)
                        .as("line %d parses but the ground truth calls it malformed: %s", i + firstLine, line)
                        .isTrue();
                continue;
            }
            malformed++;
            assertThat(truth).as("line %d is rejected (%s) but missing from the ground truth: %s", i + firstLine, parsed, line)
                    .isNotNull();
            assertThat(truth.kind).isEqualTo(LineKind.MALFORMED);
            assertThat(truth.reason).as("line %d (%s): %s", i + firstLine, truth.note, line).isEqualTo(parsed.reason());
            assertThat(truth.ordinal).isEqualTo(i);
            kindsSeen.merge(truth.malformedKind, 1, Integer::sum);
            reasonsSeen.add(parsed.reason());
        }
        long truthMalformed = run.truth.lines().stream().filter(l -> l.kind == LineKind.MALFORMED).count();
        assertThat(malformed).isEqualTo(truthMalformed).isGreaterThan(300);
        assertThat(kindsSeen.keySet()).containsExactlyInAnyOrder(MalformedKind.values());
        assertThat(reasonsSeen).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void disorderedAndDuplicatedLinesAreNamedWhereTheyAre() throws IOException {
        Runs.Result run = Runs.run(from(Runs.allFaults().with(SEED, 14L)));
        long bound = run.summary.events() > 0 ? from(Runs.allFaults()).faults().disorderBound().toMillis() : 0;
        int checked = 0;
        for (GroundTruth.LineTruth t : run.truth.lines()) {
            if (t.kind == LineKind.MALFORMED) {
                continue;
            }
            ParseResult parsed = JSON.parse(run.lines.get((int) t.ordinal), 0);
            assertThat(parsed.isValid()).isTrue();
            assertThat(parsed.event().eventId).isEqualTo(t.eventId);
            assertThat(parsed.event().eventTime).isEqualTo(t.eventTime);
            assertThat(run.kinds.get((int) t.ordinal)).isEqualTo(t.kind);
            switch (t.kind) {
                case DUPLICATE:
                    assertThat(run.lines.get((int) t.ordinal)).isEqualTo(run.lines.get((int) t.ordinal - 1));
                    break;
                case OUT_OF_ORDER:
                    assertThat(t.delayMillis).isBetween(1L, bound);
                    break;
                default:
                    assertThat(t.delayMillis).isGreaterThan(bound);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(1_000);
    }

    @Test
    void sessionsInTheTruthMatchTheEventsWritten() throws IOException {
        Runs.Result run = Runs.run(from(Runs.allFaults().with(SEED, 15L)));
        Map<String, Integer> events = new HashMap<>();
        Map<String, Boolean> purchased = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (String line : run.lines) {
            ParseResult r = JSON.parse(line, 0);
            if (!r.isValid() || !ids.add(r.event().eventId)) {
                continue;
            }
            events.merge(r.event().sessionId, 1, Integer::sum);
            purchased.merge(r.event().sessionId, r.event().eventType == EventType.PURCHASE, Boolean::logicalOr);
        }
        assertThat(run.truth.sessions().keySet()).containsExactlyInAnyOrderElementsOf(events.keySet());
        for (GroundTruth.SessionTruth s : run.truth.sessions().values()) {
            assertThat(s.events).as(s.sessionId).isEqualTo(events.get(s.sessionId));
            assertThat(s.converted).as(s.sessionId).isEqualTo(purchased.get(s.sessionId));
            assertThat(s.views + s.carts + s.removes + s.purchases).isEqualTo(s.events);
            assertThat(s.intent).isBetween(0.0, 1.0);
            assertThat(s.truncated).isFalse();
        }
        assertThat(run.truth.summary()).containsEntry("events", run.summary.events())
                .containsEntry("lines", (long) run.lines.size());
    }

    @Test
    void truncatedSessionsAreMarkedWhenTheEventLimitCutsThem() throws IOException {
        Runs.Result run = Runs.run(from(Runs.allFaults().with(SEED, 16L).with(MAX_EVENTS, 20_000L)));
        assertThat(run.summary.events()).isEqualTo(20_000);
        assertThat(run.truth.sessions().values()).anyMatch(s -> s.truncated);
        long written = run.truth.sessions().values().stream().mapToLong(s -> s.events).sum();
        assertThat(written).isEqualTo(20_000);
    }

    @Test
    void validLinesAreTheEventsTheApiHandsOut() throws IOException {
        GeneratorConfig config = from(Runs.allFaults().with(SEED, 17L).with(DURATION, Duration.ofMinutes(30)));
        Runs.Result run = Runs.run(config);
        List<ClickEvent> parsed = new ArrayList<>();
        for (String line : run.lines) {
            ParseResult r = JSON.parse(line, 0);
            if (r.isValid()) {
                parsed.add(r.event());
            }
        }
        List<ClickEvent> handedOut = new ArrayList<>();
        new ClickstreamGenerator(config).forEachEvent(handedOut::add);
        assertThat(handedOut).hasSize(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            ClickEvent p = parsed.get(i);
            assertThat(handedOut.get(i)).as("event %d", i).isEqualTo(p);
            assertThat(p.price).isPositive();
            assertThat(p.productId).isNotNull();
            assertThat(p.categoryId).hasSize(19);
            assertThat(p.deviceType).isIn("mobile", "desktop", "tablet");
        }
    }

    @Test
    void rolledFilesAreNamedInTheTruthAndReadBackByTheProjectsReader(@TempDir Path dir) throws IOException {
        GeneratorConfig config = from(Runs.allFaults().with(SEED, 18L).with(FORMAT, OutputFormat.REES46)
                .with(DURATION, Duration.ofMinutes(45)));
        Path out = dir.resolve("events");
        Path truthFile = dir.resolve("truth.jsonl");
        new ClickstreamGenerator(config).writeTo(OutputTarget.directory(out, 0, 5_000, true), truthFile);
        GroundTruth truth = GroundTruth.read(truthFile);
        int[] rejected = {0};
        Set<String> files = new HashSet<>();
        EventFileReader.read(out, EventFormat.REES46_CSV, ValidationRules.defaults(), (file, line, raw, result) -> {
            files.add(file.getFileName().toString());
            GroundTruth.LineTruth t = truth.lineAt(file.getFileName().toString(), line);
            if (!result.isValid()) {
                rejected[0]++;
                assertThat(t).as("%s:%d %s", file.getFileName(), line, raw).isNotNull();
                assertThat(t.reason).isEqualTo(result.reason());
            } else {
                assertThat(t == null || t.kind != LineKind.MALFORMED).isTrue();
            }
        });
        assertThat(files).hasSizeGreaterThan(2).allMatch(f -> f.endsWith(".csv.gz"));
        assertThat((long) rejected[0]).isEqualTo(truth.lines().stream().filter(l -> l.kind == LineKind.MALFORMED).count());
    }
}
