package io.intentstream.replay;

import static io.intentstream.testing.Instants.PLUS_10S;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.PLUS_25H;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.testing.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay applies each user's events in event order (or as given, in arrival order), reports duplicates and
 * closes every session it opened.
 */
class HistoryReplayTest {

    private static ClickEvent event(String id, EventType type, String user, String session, Instant at) {
        return Events.event(type, at).id(id).user(user).session(session).product("p1").price(10.0).build();
    }

    /** Records what the replay reports, in order. */
    private static final class Recorder implements ReplayListener {
        final List<String> applied = new ArrayList<>();
        final List<String> duplicates = new ArrayList<>();
        final List<String> closed = new ArrayList<>();

        @Override
        public void applied(ClickEvent event, SessionState session, float[] features) {
            applied.add(event.eventId + "@" + (int) features[FeatureSchema.EVENT_COUNT]);
        }

        @Override
        public void duplicate(ClickEvent event) {
            duplicates.add(event.eventId);
        }

        @Override
        public void sessionClosed(SessionState session) {
            closed.add(session.sessionId + ":" + session.eventCount);
        }
    }

    @Test
    void eventsAreAppliedInEventTimeOrderWhateverTheirInputOrder() throws Exception {
        Recorder r = new Recorder();
        new HistoryReplay(FeatureConfig.defaults()).replay(List.of(
                event("e3", EventType.CART, "u1", "s1", PLUS_1M),
                event("e1", EventType.VIEW, "u1", "s1", START),
                event("e2", EventType.VIEW, "u1", "s1", PLUS_10S)), r);

        assertThat(r.applied).containsExactly("e1@1", "e2@2", "e3@3");
        assertThat(r.closed).containsExactly("s1:3");
    }

    @Test
    void inArrivalOrderEventsAreAppliedAsGiven() throws Exception {
        Recorder r = new Recorder();
        List<Float> gaps = new ArrayList<>();
        ReplayListener withGaps = new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] features) {
                r.applied(event, session, features);
                gaps.add(features[FeatureSchema.SECS_SINCE_PREV_EVENT]);
            }

            @Override
            public void sessionClosed(SessionState session) {
                r.sessionClosed(session);
            }
        };
        new HistoryReplay(FeatureConfig.defaults(), ApplyOrder.ARRIVAL).replay(List.of(
                event("e3", EventType.CART, "u1", "s1", PLUS_1M),
                event("e1", EventType.VIEW, "u1", "s1", START),
                event("e2", EventType.VIEW, "u1", "s1", PLUS_10S)), withGaps);

        assertThat(r.applied).containsExactly("e3@1", "e1@2", "e2@3");
        // Events behind the session's latest one count their gap as zero, as the job's arrival order does.
        assertThat(gaps).containsExactly(Float.NaN, 0f, 0f);
        assertThat(r.closed).containsExactly("s1:3");
    }

    @Test
    void aRepeatedEventIsReportedAsDuplicateAndNotApplied() throws Exception {
        Recorder r = new Recorder();
        ClickEvent view = event("e1", EventType.VIEW, "u1", "s1", START);
        new HistoryReplay(FeatureConfig.defaults()).replay(List.of(view, Events.copy(view),
                event("e2", EventType.VIEW, "u1", "s1", PLUS_10S)), r);

        assertThat(r.duplicates).containsExactly("e1");
        assertThat(r.applied).containsExactly("e1@1", "e2@2");
    }

    @Test
    void sessionsOfDifferentUsersAreSeparateAndAllAreClosedByStartTimeAtTheEnd() throws Exception {
        Recorder r = new Recorder();
        new HistoryReplay(FeatureConfig.defaults()).replay(List.of(
                event("b1", EventType.VIEW, "u2", "shared", PLUS_10S),
                event("a1", EventType.VIEW, "u1", "shared", START),
                event("a2", EventType.VIEW, "u1", "shared", PLUS_1M)), r);

        // The same session id under two users: two sessions, as in the job, which keys by user.
        assertThat(r.closed).containsExactly("shared:2", "shared:1");
    }

    @Test
    void aSessionIdSeenAgainAfterTheTimeoutStartsANewSession() throws Exception {
        Recorder r = new Recorder();
        new HistoryReplay(FeatureConfig.defaults()).replay(List.of(
                event("e1", EventType.VIEW, "u1", "s1", START),
                event("e2", EventType.VIEW, "u1", "s1", PLUS_25H)), r);

        assertThat(r.applied).containsExactly("e1@1", "e2@1");
        assertThat(r.closed).containsExactly("s1:1", "s1:1");
    }

    @Test
    void featuresByEventIdKeepsACopyOfEveryAppliedEventsVector() throws Exception {
        Map<String, float[]> features = new HistoryReplay(FeatureConfig.defaults()).featuresByEventId(List.of(
                List.of(event("e1", EventType.VIEW, "u1", "s1", START), event("e2", EventType.CART, "u1", "s1", PLUS_10S)),
                List.of(event("f1", EventType.VIEW, "u2", "s2", START))));

        assertThat(features).containsOnlyKeys("e1", "e2", "f1");
        assertThat(features.get("e1")[FeatureSchema.EVENT_COUNT]).isEqualTo(1f);
        assertThat(features.get("e2")[FeatureSchema.EVENT_COUNT]).isEqualTo(2f);
        assertThat(features.get("e2")[FeatureSchema.CART_COUNT]).isEqualTo(1f);
        assertThat(features.get("f1")[FeatureSchema.EVENT_COUNT]).isEqualTo(1f);
    }
}
