package io.intentstream.trainer;

import static io.intentstream.trainer.TrainerTestSupport.MINUTE;
import static io.intentstream.trainer.TrainerTestSupport.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventType;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.RejectReason;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay step on a hand-made history: what it counts, the time window it reports, the examples it collects. */
class ReplayStepTest {
    @TempDir
    Path tmp;

    private static String event(String id, EventType type, String user, String session, long at) {
        ClickEvent e = Events.event(type, Instant.ofEpochMilli(at)).id(id).user(user).session(session).product("p1")
                .price(10.0).build();
        return JsonEventWriter.toJson(e);
    }

    /**
     * Seven valid lines (one a repeat of an event already seen) and four rejected ones, one of which is
     * a day older than every valid event, so it would widen the window if rejected lines counted.
     */
    private Path history() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(event("e1", EventType.VIEW, "u1", "s1", START));
        lines.add(event("e2", EventType.CART, "u1", "s1", START + MINUTE));
        lines.add("not json");
        lines.add(event("e2", EventType.CART, "u1", "s1", START + MINUTE));
        lines.add(event("f1", EventType.VIEW, "u2", "s2", START + 5 * MINUTE));
        lines.add("{\"event_type\":\"view\",\"session_id\":\"s3\",\"user_id\":\"u3\"}");
        lines.add(event("e3", EventType.PURCHASE, "u1", "s1", START + 2 * MINUTE));
        lines.add("{\"event_time\":\"2019-09-30T00:00:00Z\",\"event_type\":\"view\",\"session_id\":\"s4\","
                + "\"user_id\":\"u4\",\"price\":-1}");
        lines.add("{\"event_time\":\"2019-10-01T00:03:00Z\",\"event_type\":\"click\",\"session_id\":\"s5\",\"user_id\":\"u5\"}");
        lines.add(event("f2", EventType.VIEW, "u2", "s2", START + 10 * MINUTE));
        lines.add(event("e4", EventType.VIEW, "u1", "s1", START + 3 * MINUTE));
        Path file = tmp.resolve("history.jsonl");
        Files.write(file, lines);
        return file;
    }

    private ReplayStep.Replayed replay(ExampleSet examples, int maxInMemoryEvents, Path spillDir) throws Exception {
        return ReplayStep.run(new ReplayStep.Input(history(), EventFormat.JSON, ApplyOrder.EVENT_TIME, FeatureConfig.defaults(), maxInMemoryEvents,
                spillDir), examples);
    }

    @Test
    void countsValidRejectedAndDuplicateEventsAndTheWindowOfAppliedEvents() throws Exception {
        try (ExampleSet examples = new ExampleSet(FeatureSchema.SIZE)) {
            ReplayStep.Replayed r = replay(examples, Integer.MAX_VALUE, null);

            assertThat(r.validEvents()).as("the repeated line is a valid event").isEqualTo(7);
            assertThat(r.rejectedEvents()).isEqualTo(4);
            assertThat(r.rejectedByReason()).isEqualTo(Map.of(RejectReason.INVALID_JSON, 1L, RejectReason.MISSING_FIELD, 1L,
                    RejectReason.INVALID_PRICE, 1L, RejectReason.UNKNOWN_EVENT_TYPE, 1L));
            assertThat(r.duplicateEvents()).isEqualTo(1);
            assertThat(r.windowStart()).isEqualTo(START);
            assertThat(r.windowEnd()).isEqualTo(START + 10 * MINUTE);
            assertThat(r.seconds()).isPositive();

            // s1: view and cart before its purchase (positive); s2: two views (negative). The rest are no examples.
            assertThat(examples.sessions()).isEqualTo(2);
            assertThat(examples.rows()).isEqualTo(4);
            int positives = 0;
            for (int row = 0; row < examples.rows(); row++) {
                positives += examples.label(row) ? 1 : 0;
            }
            assertThat(positives).isEqualTo(2);
        }
    }

    @Test
    void aHistorySpilledToDiskGivesTheSameCountsAndExamplesAndLeavesNoPartitionFiles() throws Exception {
        Path spill = tmp.resolve("spill");
        try (ExampleSet inMemory = new ExampleSet(FeatureSchema.SIZE); ExampleSet spilled = new ExampleSet(FeatureSchema.SIZE)) {
            ReplayStep.Replayed a = replay(inMemory, Integer.MAX_VALUE, null);
            ReplayStep.Replayed b = replay(spilled, 2, spill);

            assertThat(b).usingRecursiveComparison().ignoringFields("seconds").isEqualTo(a);
            assertThat(spilled.rows()).isEqualTo(inMemory.rows());
            assertThat(spilled.sessions()).isEqualTo(inMemory.sessions());
            try (var files = Files.list(spill)) {
                assertThat(files.count()).as("partition files are removed after the replay").isZero();
            }
        }
    }

    @Test
    void aHistoryWithoutValidEventsHasNoWindow() throws Exception {
        Path file = tmp.resolve("rejected-only.jsonl");
        Files.write(file, List.of("not json", "[]"));
        try (ExampleSet examples = new ExampleSet(FeatureSchema.SIZE)) {
            ReplayStep.Replayed r = ReplayStep.run(new ReplayStep.Input(file, EventFormat.JSON, ApplyOrder.EVENT_TIME, FeatureConfig.defaults(),
                    Integer.MAX_VALUE, null), examples);

            assertThat(r.validEvents()).isZero();
            assertThat(r.rejectedEvents()).isEqualTo(2);
            assertThat(r.windowStart()).isNull();
            assertThat(r.windowEnd()).isNull();
        }
    }
}
