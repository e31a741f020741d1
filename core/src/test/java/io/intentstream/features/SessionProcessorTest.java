package io.intentstream.features;

import static io.intentstream.features.FeatureSchema.EVENT_COUNT;
import static io.intentstream.features.FeatureSchema.SECS_SINCE_PREV_EVENT;
import static io.intentstream.features.FeatureSchema.SESSION_AGE_S;
import static io.intentstream.testing.Events.OTHER_SESSION;
import static io.intentstream.testing.Events.SESSION;
import static io.intentstream.testing.Events.cart;
import static io.intentstream.testing.Events.event;
import static io.intentstream.testing.Events.view;
import static io.intentstream.testing.Instants.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.features.SessionProcessor.Outcome;
import io.intentstream.testing.MapSessionStore;
import io.intentstream.testing.SessionReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-user session rules: duplicates are not applied, and an event at or after last + timeout opens a new session. */
class SessionProcessorTest {
    private final MapSessionStore store = new MapSessionStore();
    private final List<SessionState> closed = new ArrayList<>();
    private float[] features;

    @Test
    void aRepeatedEventIsADuplicateAndChangesNothing() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());
        ClickEvent first = view(SESSION, "p1", 10.0, START);
        ClickEvent again = view(SESSION, "p1", 10.0, START);

        assertThat(process(processor, first)).isEqualTo(Outcome.APPLIED);
        assertThat(process(processor, again)).isEqualTo(Outcome.DUPLICATE);

        assertThat(again.eventId).as("identical content, identical derived id").isEqualTo(first.eventId);
        assertThat(store.get(SESSION).eventCount).isEqualTo(1);
        assertThat(store.get(SESSION).viewCount).isEqualTo(1);
        assertThat(features).as("no feature vector for a duplicate").containsOnly(SessionReplay.UNWRITTEN);
        assertThat(processor.lastSession()).isSameAs(store.get(SESSION));
    }

    @Test
    void duplicatesAreRecognisedByEventIdNotByContent() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, event(EventType.VIEW, START).id("e-1").product("p1").build());
        Outcome sameIdOtherContent = process(processor, event(EventType.CART, PLUS_1S).id("e-1").product("p2").build());
        Outcome sameContentOtherId = process(processor, event(EventType.VIEW, START).id("e-2").product("p1").build());

        assertThat(sameIdOtherContent).isEqualTo(Outcome.DUPLICATE);
        assertThat(sameContentOtherId).isEqualTo(Outcome.APPLIED);
        assertThat(store.get(SESSION).cartCount).isZero();
        assertThat(store.get(SESSION).viewCount).isEqualTo(2);
    }

    @Test
    void aDuplicateOfAnOlderEventThanTheDedupWindowIsAppliedAgain() throws Exception {
        // Documented limit: only the last dedupWindow event ids of a session are remembered.
        SessionProcessor processor = processor(new FeatureConfig("UTC", Duration.ofHours(24).toMillis(), 128, 64, 64, 3));
        ClickEvent e0 = view(SESSION, "p0", 10.0, START.plusSeconds(0));
        for (ClickEvent e : List.of(e0, view(SESSION, "p1", 10.0, PLUS_1S), view(SESSION, "p2", 10.0, PLUS_2S))) {
            process(processor, e);
        }
        assertThat(process(processor, e0)).as("still in the window").isEqualTo(Outcome.DUPLICATE);

        process(processor, view(SESSION, "p3", 10.0, PLUS_10S));

        assertThat(process(processor, e0)).as("pushed out of the window").isEqualTo(Outcome.APPLIED);
        assertThat(store.get(SESSION).eventCount).isEqualTo(5);
    }

    @Test
    void anEventBeforeTheTimeoutJoinsTheSession() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, view(SESSION, "p1", 10.0, START));
        process(processor, view(SESSION, "p2", 10.0, PLUS_23H));

        assertThat(closed).isEmpty();
        assertThat(features[EVENT_COUNT]).isEqualTo(2f);
        assertThat(features[SESSION_AGE_S]).isEqualTo(23 * 3600f);
    }

    @Test
    void anEventAfterTheTimeoutClosesTheSessionAndOpensANewOneWithTheSameId() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, view(SESSION, "p1", 10.0, START));
        process(processor, cart(SESSION, "p1", 10.0, PLUS_1H));
        process(processor, view(SESSION, "p2", 20.0, PLUS_25H.plus(Duration.ofHours(1))));

        assertThat(closed).hasSize(1);
        SessionState old = closed.get(0);
        assertThat(old.sessionId).isEqualTo(SESSION);
        assertThat(old.eventCount).isEqualTo(2);
        assertThat(old.lastEventTime).isEqualTo(millis(PLUS_1H));

        SessionState fresh = store.get(SESSION);
        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.firstEventTime).isEqualTo(millis(PLUS_25H.plus(Duration.ofHours(1))));
        assertThat(fresh.cartCount).isZero();
        assertThat(features[EVENT_COUNT]).isEqualTo(1f);
        assertThat(features[SECS_SINCE_PREV_EVENT]).as("first event of the new session").isNaN();
    }

    @Test
    void theTimeoutCountsFromTheLastEventNotTheFirst() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, view(SESSION, "p1", 10.0, START));
        process(processor, view(SESSION, "p1", 10.0, PLUS_23H));
        process(processor, view(SESSION, "p1", 10.0, PLUS_25H));

        assertThat(closed).isEmpty();
        assertThat(store.get(SESSION).eventCount).isEqualTo(3);
    }

    @Test
    void anEventExactlyAtLastPlusTimeoutOpensANewSession() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, view(SESSION, "p1", 10.0, START));
        process(processor, view(SESSION, "p2", 10.0, PLUS_24H));

        assertThat(closed).hasSize(1);
        assertThat(store.get(SESSION).eventCount).isEqualTo(1);
    }

    @Test
    void anEventOneMillisecondBeforeTheTimeoutStillJoins() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, view(SESSION, "p1", 10.0, START));
        process(processor, view(SESSION, "p2", 10.0, plusMillis(PLUS_24H, -1)));

        assertThat(closed).isEmpty();
        assertThat(store.get(SESSION).eventCount).isEqualTo(2);
    }

    @Test
    void theTimeoutIsConfigurable() throws Exception {
        SessionProcessor processor =
                processor(FeatureConfig.defaults().withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis()));

        process(processor, view(SESSION, "p1", 10.0, START));
        process(processor, view(SESSION, "p2", 10.0, PLUS_29M));
        process(processor, view(SESSION, "p3", 10.0, PLUS_29M.plus(Duration.ofMinutes(30))));

        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).eventCount).isEqualTo(2);
    }

    @Test
    void theClosedSessionIsRemovedFromTheStoreBeforeTheCallerPutsTheNewOne() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());
        process(processor, view(SESSION, "p1", 10.0, START));
        float[] out = new float[FeatureSchema.SIZE];

        Outcome outcome = processor.process(view(SESSION, "p2", 10.0, PLUS_25H), store, out, closed::add);

        // The processor never writes the new session itself: the job records the propensity first, then puts once.
        assertThat(outcome).isEqualTo(Outcome.APPLIED);
        assertThat(store.sessions()).isEmpty();
        assertThat(processor.lastSession().firstEventTime).isEqualTo(millis(PLUS_25H));
    }

    @Test
    void aSessionsDedupMemoryEndsWithTheSession() throws Exception {
        // A producer-supplied id seen again after the session timed out belongs to the new session.
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, event(EventType.VIEW, START).id("e-1").product("p1").build());
        Outcome later = process(processor, event(EventType.VIEW, PLUS_25H).id("e-1").product("p1").build());

        assertThat(later).isEqualTo(Outcome.APPLIED);
        assertThat(closed).hasSize(1);
    }

    @Test
    void sessionsWithDifferentIdsAreIndependent() throws Exception {
        SessionProcessor processor = processor(FeatureConfig.defaults());

        process(processor, view(SESSION, "p1", 10.0, START));
        Outcome other = process(processor, view(OTHER_SESSION, "p1", 10.0, START));
        process(processor, view(SESSION, "p2", 10.0, PLUS_25H));

        // Same product and time but another session: a different derived id, so not a duplicate.
        assertThat(other).isEqualTo(Outcome.APPLIED);
        assertThat(closed).extracting(s -> s.sessionId).containsExactly(SESSION);
        assertThat(store.get(OTHER_SESSION).eventCount).isEqualTo(1);
    }

    private SessionProcessor processor(FeatureConfig config) {
        return new SessionProcessor(new SessionFeatureEngine(config));
    }

    /** Processes one event the way the job does: put the session back after it was applied. */
    private Outcome process(SessionProcessor processor, ClickEvent e) throws Exception {
        features = new float[FeatureSchema.SIZE];
        Arrays.fill(features, SessionReplay.UNWRITTEN);
        Outcome outcome = processor.process(e, store, features, closed::add);
        if (outcome == Outcome.APPLIED) {
            store.put(e.sessionId, processor.lastSession());
        }
        return outcome;
    }
}
