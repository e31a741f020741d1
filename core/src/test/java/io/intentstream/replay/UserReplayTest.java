package io.intentstream.replay;

import static io.intentstream.testing.Instants.PLUS_10S;
import static io.intentstream.testing.Instants.PLUS_1H;
import static io.intentstream.testing.Instants.PLUS_1M;
import static io.intentstream.testing.Instants.PLUS_25H;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.events.EventType;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user replayed on its own, event by event, as the backfill job replays each key, gives exactly what the partition
 * replay gives for that user: the same features, duplicates, closed sessions and examples, in the same order.
 */
class UserReplayTest {

    /** Sessions time out after 30 minutes, so that a session id can come back as a new session. */
    private static final FeatureConfig CONFIG = FeatureConfig.defaults().withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis());

    private static ClickEvent event(String id, EventType type, String user, String session, Instant at) {
        return Events.event(type, at).id(id).user(user).session(session).product("p-" + id).price(10.0).build();
    }

    /**
     * Three users: one who buys, comes back after a day and repeats an event; one whose session id comes back after
     * the timeout (a second session of the same id); one with two sessions open at once.
     */
    private static List<ClickEvent> history() {
        return List.of(
                event("a1", EventType.VIEW, "u1", "s1", START),
                event("b1", EventType.VIEW, "u2", "t1", START),
                event("a2", EventType.CART, "u1", "s1", PLUS_10S),
                event("c1", EventType.VIEW, "u3", "x1", PLUS_10S),
                event("c2", EventType.VIEW, "u3", "x2", PLUS_1M),
                event("a3", EventType.PURCHASE, "u1", "s1", PLUS_1M),
                event("a4", EventType.VIEW, "u1", "s1", PLUS_1M.plusSeconds(5)),
                event("b2", EventType.VIEW, "u2", "t1", PLUS_1H),
                event("c3", EventType.CART, "u3", "x1", PLUS_1H.minusSeconds(60)),
                event("a5", EventType.VIEW, "u1", "s2", PLUS_25H),
                event("a5", EventType.VIEW, "u1", "s2", PLUS_25H),
                event("a6", EventType.PURCHASE, "u1", "s2", PLUS_25H.plusSeconds(30)));
    }

    /** Writes down every callback of a replay, and the examples that {@link SessionExamples} makes of it, per user. */
    private static final class Recorder implements ReplayListener, SessionExamples.Sink {
        final Map<String, List<String>> byUser = new LinkedHashMap<>();
        final List<String> examples = new ArrayList<>();
        final List<String> sessions = new ArrayList<>();
        final SessionExamples collector = new SessionExamples(FeatureSchema.SIZE, this);

        private void note(String user, String what) {
            byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(what);
        }

        @Override
        public void applied(ClickEvent event, SessionState session, float[] features) {
            note(event.userId, event.eventId + " " + Arrays.toString(features));
            collector.applied(event, session, features);
        }

        @Override
        public void duplicate(ClickEvent event) {
            note(event.userId, "duplicate " + event.eventId);
        }

        @Override
        public void sessionClosed(SessionState session) {
            note(session.userId, "closed " + session.sessionId + "@" + session.firstEventTime);
            collector.sessionClosed(session);
        }

        @Override
        public void sessionTimedOut(SessionState session, ClickEvent by) {
            note(session.userId, "timed out " + session.sessionId + "@" + session.firstEventTime + " by " + by.eventId);
            collector.sessionTimedOut(session, by);
        }

        @Override
        public int session(ClickEvent first, SessionState session, boolean returning) {
            sessions.add(session.userId + "/" + session.sessionId + " returning=" + returning);
            return sessions.size() - 1;
        }

        @Override
        public void label(int session, long end, boolean converted, ClickEvent settledBy) {
            examples.add(sessions.get(session) + " end=" + end + " converted=" + converted + " settled by "
                    + (settledBy == null ? "the end" : settledBy.eventId));
        }

        @Override
        public void row(int session, String eventId, long eventTime, float[] features, int offset, boolean last) {
            examples.add(sessions.get(session) + " " + eventId + " last=" + last + " count=" + features[offset]);
        }
    }

    @Test
    void eachUserOnItsOwnGivesWhatThePartitionReplayGives() throws Exception {
        Recorder partition = new Recorder();
        new HistoryReplay(CONFIG).replay(history(), partition);

        Recorder perUser = new Recorder();
        SessionProcessor processor = new SessionProcessor(new SessionFeatureEngine(CONFIG));
        float[] features = new float[FeatureSchema.SIZE];
        for (String userId : List.of("u1", "u2", "u3")) {
            UserReplay user = new UserReplay(userId);
            history().stream().filter(e -> e.userId.equals(userId)).sorted(EventOrder.COMPARATOR)
                    .forEach(e -> apply(user, e, processor, features, perUser));
            user.finish(perUser);
            perUser.collector.usersDone();
            assertThat(perUser.collector.pendingSessions()).as("examples left unsettled").isZero();
        }

        assertThat(perUser.byUser).isEqualTo(partition.byUser);
        assertThat(perUser.byUser.get("u1")).contains("duplicate a5");
        assertThat(perUser.byUser.get("u3")).as("x1 timed out, then the rest closed by start").containsSubsequence(
                "timed out x1@" + PLUS_10S.toEpochMilli() + " by c3", "closed x2@" + PLUS_1M.toEpochMilli(),
                "closed x1@" + PLUS_1H.minusSeconds(60).toEpochMilli());
        // Examples come in another order across users, but each user's are the same, and so are the sessions' metadata.
        assertThat(perUser.examples).containsExactlyInAnyOrderElementsOf(partition.examples);
        assertThat(perUser.sessions).containsExactlyInAnyOrderElementsOf(partition.sessions);
        assertThat(perUser.sessions).contains("u1/s2 returning=true", "u1/s1 returning=false");
        assertThat(perUser.examples).as("labels settled by a purchase, a timeout and the history's end").contains(
                "u1/s1 returning=false end=" + PLUS_1M.toEpochMilli() + " converted=true settled by a3",
                "u2/t1 returning=false end=" + START.toEpochMilli() + " converted=false settled by b2",
                "u3/x2 returning=true end=" + PLUS_1M.toEpochMilli() + " converted=false settled by the end");
    }

    private static void apply(UserReplay user, ClickEvent e, SessionProcessor processor, float[] features, Recorder to) {
        try {
            user.apply(e, processor, features, to);
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
