package io.intentstream.job.state;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.PLUS_23H;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.EventType;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    void closeExpiredClosesTimedOutSessionsAndReturnsTheNextCloseTime() {
        UserSessions user = new UserSessions();
        SessionState early = session("s1", START);
        SessionState late = session("s2", PLUS_23H);
        user.put("s1", early);
        user.put("s2", late);
        List<SessionState> closed = new ArrayList<>();

        long next = user.closeExpired(engine.closeTime(early), engine, closed::add);

        assertThat(closed).containsExactly(early);
        assertThat(next).isEqualTo(engine.closeTime(late)).isEqualTo(user.closeTimer);
        assertThat(user.open).containsExactly(late);
    }

    @Test
    void closingTheLastSessionLeavesNoTimer() {
        UserSessions user = new UserSessions();
        SessionState only = session("s1", START);
        user.put("s1", only);
        user.closeTimer = engine.closeTime(only);
        List<SessionState> closed = new ArrayList<>();

        assertThat(user.closeExpired(engine.closeTime(only) - 1, engine, closed::add)).isEqualTo(engine.closeTime(only));
        assertThat(closed).isEmpty();
        assertThat(user.closeExpired(engine.closeTime(only), engine, closed::add)).isEqualTo(UserSessions.NO_TIMER);
        assertThat(closed).containsExactly(only);
        assertThat(user.hasOpenSessions()).isFalse();
        assertThat(user.closeTimer).isEqualTo(UserSessions.NO_TIMER);
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
