package io.intentstream.trainer;

import static io.intentstream.trainer.TrainerTestSupport.MINUTE;
import static io.intentstream.trainer.TrainerTestSupport.START;
import static io.intentstream.trainer.TrainerTestSupport.cart;
import static io.intentstream.trainer.TrainerTestSupport.purchase;
import static io.intentstream.trainer.TrainerTestSupport.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.replay.HistoryReplay;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Examples are the events before a session's first purchase, labelled by whether the session purchases. */
class ExampleCollectorTest {
    private ExampleSet ex;

    private void collect(List<ClickEvent> events) throws Exception {
        ex = new ExampleSet(FeatureSchema.SIZE);
        new HistoryReplay(FeatureConfig.defaults()).replay(events, new ExampleCollector(ex));
    }

    @AfterEach
    void removeExamples() {
        ex.close();
    }

    @Test
    void eventsBeforeTheFirstPurchaseArePositiveExamplesAndLaterEventsAreNone() throws Exception {
        collect(List.of(
                view("u1", "s1", START),
                view("u1", "s1", START + MINUTE),
                cart("u1", "s1", START + 2 * MINUTE),
                purchase("u1", "s1", START + 3 * MINUTE),
                view("u1", "s1", START + 4 * MINUTE),
                purchase("u1", "s1", START + 5 * MINUTE)));

        assertThat(ex.rows()).isEqualTo(3);
        assertThat(ex.sessions()).isEqualTo(1);
        for (int r = 0; r < 3; r++) {
            assertThat(ex.label(r)).isTrue();
            assertThat(ex.eventTime(r)).isEqualTo(START + r * MINUTE);
            assertThat(ex.feature(r, FeatureSchema.EVENT_COUNT)).isEqualTo(r + 1f);
        }
        assertThat(ex.isLastOfSession(2)).isTrue();
        assertThat(ex.isLastOfSession(0) || ex.isLastOfSession(1)).isFalse();
        assertThat(ex.sessionEnd(0)).as("the label is settled at the first purchase").isEqualTo(START + 3 * MINUTE);
    }

    @Test
    void sessionWithoutPurchaseGivesNegativeExamples() throws Exception {
        collect(List.of(view("u1", "s1", START), view("u1", "s1", START + MINUTE)));
        assertThat(ex.rows()).isEqualTo(2);
        assertThat(ex.label(0)).isFalse();
        assertThat(ex.label(1)).isFalse();
        assertThat(ex.sessionEnd(0)).isEqualTo(START + MINUTE);
    }

    @Test
    void sessionOpeningWithAPurchaseGivesNoExample() throws Exception {
        collect(List.of(purchase("u1", "s1", START), view("u1", "s1", START + MINUTE)));
        assertThat(ex.rows()).isZero();
        assertThat(ex.sessions()).isZero();
    }

    @Test
    void eventsOfDifferentSessionsAreLabelledBySessionAndInputOrderDoesNotMatter() throws Exception {
        collect(List.of(
                view("u2", "s2", START + MINUTE),
                view("u1", "s1", START),
                purchase("u1", "s1", START + 2 * MINUTE)));
        assertThat(ex.rows()).isEqualTo(2);
        int converted = 0;
        for (int r = 0; r < ex.rows(); r++) {
            if (ex.label(r)) {
                converted++;
                assertThat(ex.eventTime(r)).isEqualTo(START);
            }
        }
        assertThat(converted).isEqualTo(1);
    }

    @Test
    void sessionsKeepTheDeviceAndChannelOfTheirFirstEventAndWhetherTheirUserWasSeenBefore() throws Exception {
        ClickEvent first = view("u1", "s1", START);
        first.deviceType = "mobile";
        first.channel = "search";
        ClickEvent later = view("u1", "s1", START + MINUTE);
        later.deviceType = "desktop";
        collect(List.of(
                first, later,
                view("u1", "s2", START + 120 * MINUTE),
                view("u2", "s3", START + 121 * MINUTE),
                // u3 opens with a purchase (no examples), then comes back: the later session is a returning one.
                purchase("u3", "s4", START),
                view("u3", "s5", START + 200 * MINUTE)));

        assertThat(ex.sessions()).isEqualTo(4);
        int s1 = ex.sessionOf(0);
        assertThat(ex.sessionDevice(s1)).isEqualTo("mobile");
        assertThat(ex.sessionChannel(s1)).isEqualTo("search");
        assertThat(ex.sessionReturning(s1)).isFalse();
        for (int r = 0; r < ex.rows(); r++) {
            int s = ex.sessionOf(r);
            if (s == s1) {
                continue;
            }
            // Everything else carries no device or channel.
            assertThat(ex.sessionDevice(s)).isEqualTo(ExampleSet.UNKNOWN);
            assertThat(ex.sessionChannel(s)).isEqualTo(ExampleSet.UNKNOWN);
        }
        assertThat(returningBySessionStart()).containsExactly(false, true, false, true);
    }

    /** Each session's returning flag, ordered by session start, then by whether it returns (false first). */
    private List<Boolean> returningBySessionStart() {
        java.util.List<long[]> sessions = new java.util.ArrayList<>();
        for (int s = 0; s < ex.sessions(); s++) {
            sessions.add(new long[] {ex.sessionStart(s), ex.sessionReturning(s) ? 1 : 0});
        }
        sessions.sort(java.util.Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        return sessions.stream().map(a -> a[1] == 1).toList();
    }
}
