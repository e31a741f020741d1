package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventType;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import io.intentstream.job.functions.JobMetric;
import io.intentstream.job.state.SessionStateSerializer;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot hammering one session with a million events, next to real traffic: the job runs to completion,
 * scores everything, and that session's state stays under the bound documented in docs/features.md.
 */
class HotSessionITCase {
    private static final int BOT_EVENTS = 1_000_000;
    private static final long BOT_START = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
    private static final long BOT_GAP_MILLIS = 50;
    /** docs/features.md: at most 8,324 bytes per session at the default caps, whatever its length. */
    private static final int DOCUMENTED_BOUND_BYTES = 8_324;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    Path tmp;

    /** Bot event k: one view every 50 ms over 10,000 products, 500 categories and 300 brands, far past every cap. */
    private static ClickEvent botEvent(int k) {
        ClickEvent e = new ClickEvent();
        e.eventId = "bot-" + k;
        e.eventTime = BOT_START + k * BOT_GAP_MILLIS;
        e.eventType = k % 97 == 0 ? EventType.CART : EventType.VIEW;
        e.sessionId = "bot-session";
        e.userId = "bot-user";
        e.productId = "p" + (k % 10_000);
        e.categoryId = "c" + (k % 500);
        e.brand = "b" + (k % 300);
        e.price = 1 + k % 1_000;
        return e;
    }

    @Test
    void millionEventSessionRunsToCompletionWithBoundedState() throws Exception {
        List<ClickEvent> traffic = new ArrayList<>();
        EventFileReader.read(JobTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV, ValidationRules.defaults(),
                (file, line, raw, result) -> traffic.add(result.event()));
        Path input = tmp.resolve("hot-session.jsonl");
        StringBuilder line = new StringBuilder(256);
        try (BufferedWriter w = Files.newBufferedWriter(input)) {
            int t = 0;
            for (int k = 0; k < BOT_EVENTS; k++) {
                ClickEvent bot = botEvent(k);
                while (t < traffic.size() && traffic.get(t).eventTime <= bot.eventTime) {
                    writeLine(w, line, traffic.get(t++));
                }
                writeLine(w, line, bot);
            }
            while (t < traffic.size()) {
                writeLine(w, line, traffic.get(t++));
            }
        }

        JobRun.Result run = JobRun.of(JobTestSupport.sampleBundle(),
                "--input", input.toString(), "--input-format", "json",
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString())
                .withoutCollectedScores().run("hot session IT");

        long inputEvents = BOT_EVENTS + traffic.size();
        assertThat(run.count(JobMetric.EVENTS_IN)).isEqualTo(inputEvents);
        assertThat(run.count(JobMetric.EVENTS_SCORED)).isEqualTo(inputEvents - 5);
        assertThat(run.outcomes()).filteredOn(o -> o.sessionId.equals("bot-session")).singleElement()
                .satisfies(o -> assertThat(o.eventCount).isEqualTo(BOT_EVENTS));

        int bytes = serializedSessionBytes();
        assertThat(bytes).as("state of the million-event session, bytes").isLessThanOrEqualTo(DOCUMENTED_BOUND_BYTES);
        System.out.printf("million-event session: %d bytes of session state%n", bytes);
    }

    private static void writeLine(BufferedWriter w, StringBuilder line, ClickEvent e) throws Exception {
        line.setLength(0);
        JsonEventWriter.write(e, line);
        w.append(line).append('\n');
    }

    /**
     * The bot session's state as the job stores it: the same session rules fold the million events, and
     * the job's own state serializer writes the result.
     */
    private static int serializedSessionBytes() throws Exception {
        Map<String, SessionState> store = new HashMap<>();
        SessionProcessor processor = new SessionProcessor(new SessionFeatureEngine(FeatureConfig.defaults()));
        SessionProcessor.Store sessions = new SessionProcessor.Store() {
            private UserHistory history = new UserHistory();

            @Override
            public UserHistory history() {
                return history;
            }

            @Override
            public void forgetHistory() {
                history = new UserHistory();
            }

            @Override
            public SessionState get(String id) {
                return store.get(id);
            }

            @Override
            public void put(String id, SessionState s) {
                store.put(id, s);
            }

            @Override
            public void remove(String id) {
                store.remove(id);
            }
        };
        float[] features = new float[io.intentstream.features.FeatureSchema.SIZE];
        for (int k = 0; k < BOT_EVENTS; k++) {
            ClickEvent e = botEvent(k);
            processor.process(e, sessions, features, closed -> {});
            sessions.put(e.sessionId, processor.lastSession());
        }
        DataOutputSerializer out = new DataOutputSerializer(8_192);
        SessionStateSerializer.INSTANCE.serialize(store.get("bot-session"), out);
        return out.length();
    }
}
