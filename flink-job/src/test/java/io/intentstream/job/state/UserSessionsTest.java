package io.intentstream.job.state;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_23H;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import io.intentstream.job.records.SessionOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** One user's open sessions: lookup by id, and closing what has timed out at a timer. */
class UserSessionsTest {
    private final SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());

    private SessionState session(String id, Instant at) {
        return engine.newSession(new UserHistory(), view("u1", id, "p1", 10.0, at));
    }

    @Test
    void putReplacesASessionWithTheSameIdAndRemoveDropsIt() {
        UserSessions user = new UserSessions();
        SessionState first = session("s1", START);
        SessionState replaced = session("s1", PLUS_1S);
        user.put("s1", first);
        user.put("s2", session("s2", START));
        user.put("s1", replaced);

        assertThat(user.open).hasSize(2);
        assertThat(user.get("s1")).isSameAs(replaced);
        user.remove("s1");
        assertThat(user.get("s1")).isNull();
        assertThat(user.open).extracting(s -> s.sessionId).containsExactly("s2");
    }

    @Test
    void closeExpiredClosesTimedOutSessionsAndTheTimerMovesToTheNextClose() {
        UserSessions user = new UserSessions();
        SessionState early = session("s1", START);
        SessionState late = session("s2", PLUS_23H);
        late.lastPropensityBeforePurchase = 0.4f;
        user.put("s1", early);
        user.put("s2", late);
        assertThat(user.timerTime(engine)).isEqualTo(engine.closeTime(early));
        UserTimer both = user.timerFor(engine);
        assertThat(both.sessions).extracting(c -> c.sessionId).as("by close time").containsExactly("s1", "s2");
        List<SessionState> closed = new ArrayList<>();

        user.closeExpired(engine.closeTime(early), engine, closed::add);

        assertThat(closed).containsExactly(early);
        assertThat(user.open).containsExactly(late);
        assertThat(user.timerTime(engine)).isEqualTo(engine.closeTime(late));
        UserTimer timer = user.timerFor(engine);
        assertThat(timer.kind).as("the outcome rides on the timer").isEqualTo(UserTimer.Kind.OUTCOME);
        assertThat(timer).as("what is left when the first has closed").isEqualTo(both.rest(1));
        assertThat(timer.sessions[0].outcome("u1")).usingRecursiveComparison()
                .isEqualTo(SessionOutcome.of(late, null, null));
        assertThat(timer.historyLastEventTime).isEqualTo(user.history.lastEventTime);
    }

    @Test
    void closingTheLastSessionLeavesTheHistorysExpiryAsTheTimer() {
        UserSessions user = new UserSessions();
        ClickEvent first = view("u1", "s1", "p1", 10.0, START);
        SessionState only = engine.newSession(user.history, first);
        engine.apply(user.history, only, first, new float[FeatureSchema.SIZE]);
        user.put("s1", only);
        List<SessionState> closed = new ArrayList<>();

        user.closeExpired(engine.closeTime(only) - 1, engine, closed::add);
        assertThat(closed).isEmpty();
        user.closeExpired(engine.closeTime(only), engine, closed::add);
        assertThat(closed).containsExactly(only);
        assertThat(user.hasOpenSessions()).isFalse();
        assertThat(user.timerFor(engine)).isSameAs(UserTimer.EXPIRY);
        assertThat(user.timerTime(engine)).isEqualTo(engine.historyExpiry(user.history));
    }

    @Test
    void aValueReadAfterItsOutcomeTimerFiredDropsTheClosedSession() {
        UserSessions user = new UserSessions();
        SessionState closedByItsTimer = session("s1", START);
        SessionState stillOpen = session("s2", PLUS_23H);
        user.put("s1", closedByItsTimer);
        user.put("s2", stillOpen);

        user.dropClosed(engine.closeTime(closedByItsTimer) - 1, engine);
        assertThat(user.open).hasSize(2);
        assertThat(user.allClosedBy(engine.closeTime(closedByItsTimer), engine)).isFalse();
        user.dropClosed(engine.closeTime(closedByItsTimer), engine);
        assertThat(user.open).containsExactly(stillOpen);
        assertThat(user.allClosedBy(engine.closeTime(stillOpen), engine)).isTrue();
    }

    @Test
    void moreOpenSessionsThanATimerCarriesGetATimerThatReadsTheValue() {
        UserSessions user = new UserSessions();
        for (int i = 0; i <= UserTimer.MAX_CARRIED; i++) {
            user.put("s" + i, session("s" + i, START));
        }
        assertThat(user.timerFor(engine)).isSameAs(UserTimer.READ);
        user.remove("s0");
        assertThat(user.timerFor(engine).kind).isEqualTo(UserTimer.Kind.OUTCOME);
        assertThat(user.timerFor(engine).sessions).hasSize(UserTimer.MAX_CARRIED);
    }

    @Test
    void aTimersBytesAreTheSameForEqualTimersAndReadBackEqual() throws Exception {
        SessionState s = session("s1", START);
        s.lastPropensityBeforePurchase = 0.25f;
        UserTimer timer = UserTimer.outcomesOf(new SessionState[] {s, session("s2", PLUS_1S)}, 99L);
        for (UserTimer t : List.of(timer, UserTimer.READ, UserTimer.EXPIRY)) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            UserTimerSerializer.INSTANCE.serialize(t, out);
            UserTimer back = UserTimerSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(t).hasSameHashCodeAs(t);
            DataOutputSerializer again = new DataOutputSerializer(64);
            UserTimerSerializer.INSTANCE.serialize(back, again);
            assertThat(again.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        }
        assertThat(UserTimer.outcomesOf(new SessionState[] {s, session("s2", PLUS_1S)}, 100L)).isNotEqualTo(timer);
        assertThat(timer.rest(1)).isNotEqualTo(timer);
    }

    @Test
    void anOutcomeTimerOfTheFixedWidthLayoutKeepsItsBytesAndTheCompactOneIsHalfAsLong() throws Exception {
        SessionState s = engine.newSession(new UserHistory(),
                view("500726208", "8e36e992-d349-4c60-b643-1d8c054f27ff", "p1", 10.0, START));
        s.lastPropensityBeforePurchase = 0.25f;
        UserTimer compact = UserTimer.outcomesOf(new SessionState[] {s, session("s2", PLUS_1S)}, 99L);
        UserTimer fixedWidth = compact.inFixedWidthLayout();
        // The bytes UserTimerSerializer wrote for this timer before the compact layout (e519b05): tag 1, the history's
        // last event time, the session count, then per session its id and outcome fields at fixed width.
        byte[] before = HexFormat.of().parseHex("010000000000000063022438653336653939322d643334392d346336302d623634"
                + "332d3164386330353466323766660000016d849dd8000000016d849dd8000000000080000000000000003e8000000002733200"
                + "00016d849ddbe80000016d849ddbe80000000080000000000000007fc0000000");

        assertThat(bytes(fixedWidth)).as("the key the timer has in RocksDB").isEqualTo(before);
        UserTimer read = UserTimerSerializer.INSTANCE.deserialize(new DataInputDeserializer(before));
        assertThat(read).isEqualTo(fixedWidth).isNotEqualTo(compact);
        assertThat(read.rest(1).fixedWidth).as("the timer its firing sets next").isTrue();
        assertThat(bytes(compact).length).isLessThan(before.length * 6 / 10);
        assertThat(UserTimer.EXPIRY.inFixedWidthLayout()).isSameAs(UserTimer.EXPIRY);
    }

    private static byte[] bytes(UserTimer timer) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(128);
        UserTimerSerializer.INSTANCE.serialize(timer, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void anEventBehindTheLatestAppliedOneIsReportedAndDoesNotMoveTheLatest() {
        UserSessions user = new UserSessions();
        assertThat(user.applied(view("u1", "s1", "p1", 10.0, PLUS_1S))).isFalse();
        assertThat(user.applied(view("u1", "s1", "p0", 10.0, START))).as("behind").isTrue();
        assertThat(user.latestTime).isEqualTo(PLUS_1S.toEpochMilli());
        assertThat(user.applied(cart("u1", "s1", "p1", 10.0, PLUS_1S))).as("same time, later funnel step").isFalse();
        assertThat(user.latestType).isEqualTo(EventType.CART);
    }
}
