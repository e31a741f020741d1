package io.intentstream.job.state;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.MAX_EVENTS;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;
import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Writing a user's sessions to state and reading them back after every event changes no feature: the
 * serializer keeps only the used part of each table, and the engine must carry on from there exactly
 * as from the live object.
 */
class StateRoundTripParityTest {
    private final SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());

    @Test
    void generatedTrafficScoresIdenticallyThroughSerializedState() throws Exception {
        List<ClickEvent> events = new ArrayList<>();
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(SEED, 11L).with(USERS, 2_000)
                .with(DURATION, Duration.ofDays(2)).with(MAX_EVENTS, 40_000L))).forEachEvent(events::add);
        assertParity(events);
    }

    @Test
    void longSessionBeyondEveryCapScoresIdenticallyThroughSerializedState() throws Exception {
        // More products, categories and events than the tables and the duplicate ring hold, with repeats.
        List<ClickEvent> events = new ArrayList<>();
        for (int k = 0; k < 1_500; k++) {
            ClickEvent e = k % 7 == 0 ? cart("u1", "s1", "p" + (k % 300), 10 + k % 13, START.plusSeconds(k))
                    : view("u1", "s1", "p" + (k % 300), 10 + k % 13, START.plusSeconds(k));
            e.categoryId = "c" + (k % 90);
            e.brand = "b" + (k % 80);
            events.add(e);
            if (k % 50 == 0) {
                events.add(e);
            }
            if (k >= 400 && k % 25 == 0) {
                // Ids sent again later: one still in the duplicate ring, one already evicted from it.
                events.add(resent(events.get(k - 100), e.eventTime));
                events.add(resent(events.get(k - 400), e.eventTime));
            }
        }
        assertParity(events);
    }

    private static ClickEvent resent(ClickEvent original, long at) {
        ClickEvent copy = view(original.userId, original.sessionId, original.productId, original.price, Instant.ofEpochMilli(at));
        copy.eventId = original.eventId;
        return copy;
    }

    private void assertParity(List<ClickEvent> events) throws Exception {
        events.sort(EventOrder.COMPARATOR);
        Map<String, UserSessions> live = new HashMap<>();
        Map<String, byte[]> stored = new HashMap<>();
        SessionProcessor liveProcessor = new SessionProcessor(engine);
        SessionProcessor storedProcessor = new SessionProcessor(engine);
        float[] liveFeatures = new float[FeatureSchema.SIZE];
        float[] storedFeatures = new float[FeatureSchema.SIZE];
        DataOutputSerializer out = new DataOutputSerializer(1024);
        int applied = 0;
        for (ClickEvent e : events) {
            UserSessions liveUser = live.computeIfAbsent(e.userId, u -> new UserSessions());
            SessionProcessor.Outcome expected = liveProcessor.process(e, liveUser, liveFeatures, closed -> {});
            if (expected == SessionProcessor.Outcome.APPLIED) {
                liveUser.put(e.sessionId, liveProcessor.lastSession());
            }

            byte[] bytes = stored.get(e.userId);
            UserSessions storedUser = bytes == null ? new UserSessions()
                    : UserSessionsSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
            SessionProcessor.Outcome actual = storedProcessor.process(e, storedUser, storedFeatures, closed -> {});
            assertThat(actual).as("event %s", e.eventId).isEqualTo(expected);
            if (actual == SessionProcessor.Outcome.APPLIED) {
                storedUser.put(e.sessionId, storedProcessor.lastSession());
                assertThat(storedFeatures).as("features of event %s", e.eventId).containsExactly(liveFeatures);
                applied++;
            }
            out.clear();
            UserSessionsSerializer.INSTANCE.serialize(storedUser, out);
            stored.put(e.userId, out.getCopyOfBuffer());
        }
        assertThat(applied).isGreaterThan(events.size() / 2);
    }
}
